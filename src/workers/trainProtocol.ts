import type { BaselineName, CoinForecast, Evaluation, Levels, Split } from '../eval/types'
import type { CoinFeatures } from '../features/types'
import type { BackendName } from './backends'
import type { ModelConfig } from '../model/types'
import type { ModelArtifactsData } from '../model/portable'
import type { TrainConfig } from '../train/config'
import type { BatchLog, EpochLog, FitResult } from '../train/fit'

/** IndexedDB key of the best weights so far: written during training, read to resume or evaluate. */
export const CHECKPOINT_URL = 'indexeddb://crypto-studio-checkpoint'

/** Page → training worker. */
export type TrainCommand =
  | {
      type: 'start'
      coins: CoinFeatures[]
      model: ModelConfig
      train: TrainConfig
      backend: BackendName | 'auto'
      /** Start from the checkpoint's weights (a run interrupted by a reload), skipping this many epochs. */
      resume?: { fromEpoch: number }
    }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | ModelRequest

/** Requests about the worker's current model; each is answered by one 'reply' with its id. */
export type ModelRequest =
  /**
   * Forecasts and metrics against baselines on a split of the coins the model trained (or was loaded) on, and of
   * `extra` coins it never trained on, scored apart.
   */
  | { type: 'evaluate'; id: number; split: Split; levels: Levels; extra?: CoinFeatures[] }
  /** The model in the portable Layers format, for files and IndexedDB. */
  | { type: 'artifacts'; id: number }
  /** Replaces the current model with saved artifacts, to be evaluated on these coins. */
  | { type: 'load'; id: number; artifacts: ModelArtifactsData; coins: CoinFeatures[]; lstm: 'fused' | 'stock'; backend: BackendName | 'auto' }

export interface ModelReplies {
  evaluate: { evaluation: Evaluation; forecasts: CoinForecast[] }
  artifacts: ModelArtifactsData
  load: { backend: BackendName; params: number }
}

/** Training worker → page: a stream of events, ending with 'done' or 'error'. */
export type TrainEvent =
  | { type: 'backend'; name: BackendName; skipped: { name: BackendName; reason: string }[]; lstm: 'fused' | 'stock'; lstmThreads: number; note?: string }
  /** Batch logs in order, bundled: at most one message per PROGRESS_MS (progress.ts). */
  | { type: 'batches'; logs: BatchLog[] }
  | { type: 'epoch'; log: EpochLog }
  | { type: 'checkpoint'; epoch: number; saved: boolean; message?: string }
  | { type: 'notice'; message: string }
  /** Each baseline's validation loss in the training loss's units, for the loss chart (quantile head only). */
  | { type: 'baselines'; losses: Record<BaselineName, number> }
  | { type: 'done'; result: FitResult }
  | { type: 'error'; message: string }
  | { type: 'reply'; id: number; ok: true; value: ModelReplies[keyof ModelReplies] }
  | { type: 'reply'; id: number; ok: false; message: string }

/** Copies of a coin's arrays and the buffers to transfer: the page keeps its own features. */
export function copyCoin(c: CoinFeatures): { coin: CoinFeatures; buffers: ArrayBuffer[] } {
  const buffers: ArrayBuffer[] = []
  const cp = <T extends Float32Array | Float64Array | Int32Array>(a: T): T => {
    const b = a.slice() as T
    buffers.push(b.buffer as ArrayBuffer)
    return b
  }
  const samples = Object.fromEntries(Object.entries(c.samples).map(([k, s]) => [k, { end1h: cp(s.end1h), end15m: cp(s.end15m), target: cp(s.target), close: cp(s.close), scale: cp(s.scale) }])) as CoinFeatures['samples']
  return {
    coin: {
      ...c,
      h1: { ...c.h1, data: cp(c.h1.data) },
      m15: { ...c.m15, data: cp(c.m15.data) },
      h1Close: cp(c.h1Close),
      samples,
      stats: { h1: { mean: cp(c.stats.h1.mean), std: cp(c.stats.h1.std) }, m15: { mean: cp(c.stats.m15.mean), std: cp(c.stats.m15.std) } },
    },
    buffers,
  }
}
