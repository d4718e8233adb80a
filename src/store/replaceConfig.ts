import type { RunConfig } from '../config/runConfig'
import { cellEvent } from './actions'
import { resetFeatures } from './featuresActions'
import { useStudio } from './store'

/**
 * Puts a whole configuration in place of the page's (a fork, a link pasted into an open tab): forms re-read it,
 * and the cells whose settings changed start over, so nothing shown was computed with settings no longer there.
 */
export function replaceConfig(config: RunConfig, extra: { shared?: { rejected: { path: string; message: string }[] } } = {}): RunConfig {
  const before = useStudio.getState().config
  useStudio.setState((s) => ({ config, ...extra, configEpoch: s.configEpoch + 1 }))
  if (JSON.stringify(before.features) !== JSON.stringify(config.features)) resetFeatures()
  if (JSON.stringify(before.model) !== JSON.stringify(config.model)) cellEvent('model', { type: 'reset' })
  return before
}
