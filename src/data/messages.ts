/**
 * The first `keep` items joined, and "… and N more" for the rest: a message about a 5,000-column file must stay
 * readable (the whole list once made a 44,000-character alert).
 */
export function listSome(items: readonly string[], keep = 8, sep = ', '): string {
  if (items.length <= keep) return items.join(sep)
  return `${items.slice(0, keep).join(sep)}${sep}… and ${(items.length - keep).toLocaleString('en')} more`
}

/** A cell value as it may appear in a message: quoted and cut to 40 characters. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'empty'
  const s = String(v)
  return `'${s.length > 40 ? `${s.slice(0, 40)}…` : s}'`
}
