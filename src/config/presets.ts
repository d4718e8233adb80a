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

/** The preset the settings match, or 'custom'. */
export function presetOf(train: TrainConfig, features: FeaturesConfig, head: HeadConfig): PresetName | 'custom' {
  const key = (t: TrainConfig, f: Pick<FeaturesConfig, 'indicators' | 'target'>, h: HeadConfig) => JSON.stringify([t, f.indicators, f.target, h])
  const k = key(train, features, head)
  return (Object.keys(PRESETS) as PresetName[]).find((p) => key(PRESETS[p].train, PRESETS[p].features, PRESETS[p].head) === k) ?? 'custom'
}
