import { PRESETS, presetOf } from '../config/presets'
import type { RunConfig } from '../config/runConfig'
import { setConfig } from './actions'
import { useStudio } from './store'

/**
 * Puts a whole configuration in place of the page's (a link, a link pasted into an open tab, a fork): forms re-read
 * it, and the one invalidation rule marks stale the cells whose settings changed and every cell after them, so
 * nothing shown passes for computed with settings no longer there. Returns the configuration it replaced.
 */
export function replaceConfig(config: RunConfig, extra: { shared?: { rejected: { path: string; message: string }[] } } = {}): RunConfig {
  const before = useStudio.getState().config
  setConfig(config, true)
  const { train, features, model } = config
  const preset = presetOf(train, features, model.head)
  // coins other than the preset's own list were chosen by hand: loading data keeps them
  useStudio.setState((s) => ({ ...extra, train: { ...s.train, coinsByHand: preset === 'custom' || train.coins.join() !== PRESETS[preset].train.coins.join() } }))
  return before
}
