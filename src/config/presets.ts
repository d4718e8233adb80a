import { DEFAULT_FEATURES, SEED_FEATURES } from '../features/spec'
import type { FeaturesConfig } from '../features/types'
import { SEED_MODEL } from '../model/presets'
import type { HeadConfig } from '../model/types'
import { FULL_TRAIN, QUICK_TRAIN, SEED_TRAIN, type TrainConfig } from '../train/config'

/** A preset sets how to train, which features and targets to train on, and the head. */
export interface Preset {
  label: string
  train: TrainConfig
  /** The feature set and target scaling; window, horizon, split and clipping stay as the user set them. */
  features: Pick<FeaturesConfig, 'indicators' | 'target'>
  /** The output head (layer sizes stay as the user set them). */
  head: HeadConfig
}

export const PRESETS = {
  quick: { label: 'Quick (3 coins, about a minute of training)', train: QUICK_TRAIN, features: DEFAULT_FEATURES, head: SEED_MODEL.head },
  full: { label: 'Full (every coin, to early stopping)', train: FULL_TRAIN, features: DEFAULT_FEATURES, head: SEED_MODEL.head },
  seed: { label: 'Seed v1 (the seed document: its 13 features, raw targets, batch 32, 100 epochs, patience 10)', train: SEED_TRAIN, features: SEED_FEATURES, head: SEED_MODEL.head },
} satisfies Record<string, Preset>

export type PresetName = keyof typeof PRESETS

/** The preset the settings match, or 'custom'. Coins are left out: a preset picks them from what is loaded (presetCoins). */
export function presetOf(train: TrainConfig, features: FeaturesConfig, head: HeadConfig): PresetName | 'custom' {
  const key = (t: TrainConfig, f: Pick<FeaturesConfig, 'indicators' | 'target'>, h: HeadConfig) => JSON.stringify([{ ...t, coins: [] }, f.indicators, f.target, h])
  const k = key(train, features, head)
  return (Object.keys(PRESETS) as PresetName[]).find((p) => key(PRESETS[p].train, PRESETS[p].features, PRESETS[p].head) === k) ?? 'custom'
}

/** Quick's three, taken first when loaded. */
const QUICK_FIRST = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']

/**
 * The coins a preset trains on, chosen from those loaded (an empty list means every loaded coin). A user's own
 * file: all of its coins, whatever the preset — they were brought to be trained on. Otherwise Quick takes up to
 * three, BTC, ETH and SOL first when loaded, then the others in the order loaded; Full and Seed v1 take all.
 */
export function presetCoins(preset: PresetName, loaded: readonly string[], source: 'bundled' | 'binance' | 'file'): string[] {
  if (source === 'file' || preset !== 'quick') return []
  return [...QUICK_FIRST.filter((c) => loaded.includes(c)), ...loaded.filter((c) => !QUICK_FIRST.includes(c))].slice(0, 3)
}

/**
 * Which loaded coins a run trains on: those listed (empty: all); when none of the listed is loaded (a preset's
 * coins and a user's own file), all of them rather than none. `leftOut`: loaded coins it does not train on.
 */
export function coinChoice(listed: readonly string[], loaded: readonly string[]): { on: string[]; leftOut: string[]; noneListed: boolean } {
  const picked = loaded.filter((c) => listed.includes(c))
  const noneListed = listed.length > 0 && picked.length === 0
  const on = listed.length && picked.length ? picked : [...loaded]
  return { on, leftOut: loaded.filter((c) => !on.includes(c)), noneListed }
}
