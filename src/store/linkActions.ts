import { loadBundled } from './actions'
import { openSharedLink } from './shareActions'
import { useStudio } from './store'

/**
 * Opens the page's address: a share link's configuration, repaired field by field, with the list of what was
 * rejected; then the bundled candles it names. The same whether the tab is new or already shows the studio (a
 * link pasted there changes only the hash, and the page does not reload). Nothing trains until the user asks.
 */
export async function openAddress(hash: string, first: boolean): Promise<void> {
  const shared = await openSharedLink(hash)
  if ((shared || first) && useStudio.getState().config.data.source === 'bundled') await loadBundled()
}
