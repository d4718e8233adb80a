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

/**
 * "has 2 columns named 'close' (columns 5 and 7); rename or remove one" for the first repeated name, or undefined.
 * Names are compared as given (callers lower-case them); columns are counted from 1.
 */
export function duplicateNames(names: readonly string[]): string | undefined {
  const first = new Map<string, number>()
  for (let i = 0; i < names.length; i++) {
    const at = first.get(names[i]!)
    if (at === undefined) first.set(names[i]!, i)
    else {
      const same = names.flatMap((n, j) => (n === names[i] ? [String(j + 1)] : []))
      return `has ${same.length} columns named '${names[i]!.slice(0, 40)}' (columns ${listSome(same, 5)}); rename or remove all but one`
    }
  }
  return undefined
}
