import { DEFAULT_FEATURES, SEED_FEATURES } from '../features/spec'
import type { FeaturesConfig } from '../features/types'
import { FULL_TRAIN, QUICK_TRAIN, SEED_TRAIN, type TrainConfig } from '../train/config'

/** A preset sets how to train and which features and targets to train on. */
export interface Preset {
  label: string
  train: TrainConfig
  /** The feature set and target scaling; window, horizon, split and clipping stay as the user set them. */
  features: Pick<FeaturesConfig, 'indicators' | 'target'>
}

export const PRESETS = {
  quick: { label: 'Quick (3 coins, ~30 s of training)', train: QUICK_TRAIN, features: DEFAULT_FEATURES },
  full: { label: 'Full (every coin, to early stopping)', train: FULL_TRAIN, features: DEFAULT_FEATURES },
  seed: { label: 'Seed v1 (the seed document: its 13 features, raw targets, batch 32, 100 epochs, patience 10)', train: SEED_TRAIN, features: SEED_FEATURES },
} satisfies Record<string, Preset>

export type PresetName = keyof typeof PRESETS

/** The preset the settings match, or 'custom'. */
export function presetOf(train: TrainConfig, features: FeaturesConfig): PresetName | 'custom' {
  const key = (t: TrainConfig, f: Pick<FeaturesConfig, 'indicators' | 'target'>) => JSON.stringify([t, f.indicators, f.target])
  const k = key(train, features)
  return (Object.keys(PRESETS) as PresetName[]).find((p) => key(PRESETS[p].train, PRESETS[p].features) === k) ?? 'custom'
}
