import type { ModelConfig } from './types'

/** The seed system's network: the run configuration's default, which the Model cell edits. */
export const SEED_MODEL: ModelConfig = {
  h1Lstm: [64, 32],
  m15Conv: [32, 16],
  convKernel: 3,
  m15Lstm: [32, 16],
  dense: [32, 16],
  dropout: 0.2,
  head: { kind: 'quantiles', quantiles: [0.1, 0.5, 0.9] },
  lstm: 'fused',
}
