import type { BaselineName, CoinForecast, Evaluation, Levels, Split } from '../eval/types'
import type { CoinFeatures } from '../features/types'
import type { BackendName } from './backends'
import type { ModelConfig } from '../model/types'
import type { ModelArtifactsData } from '../model/portable'
import type { TrainConfig } from '../train/config'
import type { BatchLog, EpochLog, FitResult } from '../train/fit'

/** Page → training worker. */
export type TrainCommand =
  | {
      type: 'start'
      coins: CoinFeatures[]
      model: ModelConfig
      train: TrainConfig
      backend: BackendName | 'auto'
      /** The run's id: its checkpoint is stored under it after every epoch. */
      runId: string
      /** The run snapshot's key: a checkpoint with another key is refused. */
      key: string
      /** Go on from the run's checkpoint (a run interrupted by a reload) exactly where it stopped. */
      resume?: boolean
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
  | { type: 'load'; id: number; artifacts: ModelArtifactsData; coins: CoinFeatures[]; lstm: 'fused' | 'stock'; backend: BackendName | 'auto'; shape?: InputShape }
  /** Forecasts for windows made elsewhere (live mode): `n` windows per stream, [n × window × features] each. */
  | { type: 'predict'; id: number; h1: Float32Array; m15: Float32Array; n: number }

/** The model's inputs without coins to read them from: bars per window and features per stream. */
export interface InputShape {
  window: number
  h1Features: number
  m15Features: number
}

export interface ModelReplies {
  evaluate: { evaluation: Evaluation; forecasts: CoinForecast[] }
  artifacts: ModelArtifactsData
  load: { backend: BackendName; params: number }
  /** Float32Array [n × outputs]: the model's raw outputs, in its scaled units. */
  predict: { values: Float32Array; outputs: number }
}

/** Training worker → page: a stream of events, ending with 'done' or 'error'. */
export type TrainEvent =
  | { type: 'backend'; name: BackendName; skipped: { name: BackendName; reason: string }[]; lstm: 'fused' | 'stock'; lstmThreads: number; note?: string }
  /** Batch logs in order, bundled: at most one message per PROGRESS_MS (progress.ts). */
  | { type: 'batches'; logs: BatchLog[] }
  | { type: 'epoch'; log: EpochLog }
  /** After each epoch: `epoch` epochs are done and (if saved) stored under the run id. */
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
