import { DEFAULT_LANES } from '../kernels/lstm/lstmLayout'

// The run configuration's schema (src/config) reads the fused LSTM's lane limits from here.
export { DEFAULT_LANES, MAX_LANES } from '../kernels/lstm/lstmLayout'

/** How to train, as the run configuration holds it. */
export interface TrainConfig {
  epochs: number
  batchSize: number
  /** Adam. */
  learningRate: number
  /** Adam's epsilon, passed explicitly: tfjs on WebGL silently raises the default to 1e-4 for float16. */
  epsilon: number
  /** EarlyStopping on validation loss; the best epoch's weights are restored at the end. */
  patience: number
  /** ReduceLROnPlateau on validation loss. */
  plateau: { factor: number; patience: number; minLr: number }
  /** Seeds initialisation, dropout and shuffling. */
  seed: number
  /** Coins to train on; empty for every coin the Features cell built. */
  coins: string[]
  /** Caps batches per epoch (0: all). Keeps the Quick preset quick. */
  maxBatchesPerEpoch: number
  /**
   * Lanes the fused LSTM splits each batch into on cpu and wasm: the threads (one per core) take lanes, and the
   * numbers depend on the lanes alone, so a run gives the same numbers on a laptop of 2 cores or of 16.
   */
  lanes: number
}

export const SEED_TRAIN: TrainConfig = {
  epochs: 100,
  batchSize: 32,
  learningRate: 1e-3,
  epsilon: 1e-7,
  patience: 10,
  plateau: { factor: 0.5, patience: 5, minLr: 1e-5 },
  seed: 42,
  coins: [],
  maxBatchesPerEpoch: 0,
  lanes: DEFAULT_LANES,
}

/** The default: three coins, short epochs, well under a minute and a half of training on a laptop without a GPU. */
export const QUICK_TRAIN: TrainConfig = {
  ...SEED_TRAIN,
  epochs: 8,
  batchSize: 64,
  patience: 3,
  plateau: { factor: 0.5, patience: 2, minLr: 1e-5 },
  coins: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
  maxBatchesPerEpoch: 200,
}

/** Every coin, every training sample each epoch, to early stopping; larger batches train faster per sample. */
export const FULL_TRAIN: TrainConfig = {
  ...SEED_TRAIN,
  epochs: 60,
  batchSize: 128,
  patience: 6,
  plateau: { factor: 0.5, patience: 3, minLr: 1e-5 },
  coins: [],
  maxBatchesPerEpoch: 0,
}
