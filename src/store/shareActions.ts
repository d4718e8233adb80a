import { decodeShareLink, encodeShareLink } from '../config/shareLink'
import { replaceConfig } from './replaceConfig'
import { useStudio } from './store'

const set = useStudio.setState
const get = useStudio.getState

/**
 * Applies a share link in the page's address, if any: the configuration it carries, repaired field by field,
 * and the list of what was rejected. Nothing runs until the user asks (Run all); the link is only data.
 */
export async function openSharedLink(hash: string): Promise<boolean> {
  const shared = await decodeShareLink(hash)
  if (!shared) return false
  replaceConfig(shared.config, { shared: { rejected: shared.rejected } })
  return true
}

export function dismissSharedLink() {
  set({ shared: undefined })
}

/**
 * The page's address with a whole run configuration in its hash — the page's current settings, or those the model
 * in the worker was trained with (its run snapshot) — copied to the clipboard where allowed.
 */
export async function copyShareLink(of: 'page' | 'run'): Promise<void> {
  const config = of === 'run' ? get().train.snapshot?.config : get().config
  if (!config) return
  const url = `${location.origin}${location.pathname}#${await encodeShareLink(config)}`
  set((s) => ({ exports: { ...s.exports, shareLink: url } }))
  try {
    await navigator.clipboard.writeText(url)
    set((s) => ({ exports: { ...s.exports, notes: ['Share link copied to the clipboard.', ...s.exports.notes].slice(0, 5) } }))
  } catch {
    set((s) => ({ exports: { ...s.exports, notes: ['The browser did not allow copying; select the link below and copy it.', ...s.exports.notes].slice(0, 5) } }))
  }
}
