import { create } from 'zustand'
import { DEFAULT_CONFIG, type RunConfig } from '../config/runConfig'
import type { FetchProgress } from '../data/binance'
import type { Interval } from '../data/types'
import type { Dataset } from '../data/types'
import type { Backtest, BacktestPaths } from '../eval/backtest/types'
import type { BaselineName, CoinForecast, Evaluation, Split as EvalSplit } from '../eval/types'
import type { SavedRun } from '../export/savedRuns'
import type { RunSnapshot } from '../export/runSnapshot'
import type { CoinFeatures } from '../features/types'
import type { LayerRow } from '../model/types'
import type { EpochLog, FitResult } from '../train/fit'
import { CELL_ORDER, IDLE, type CellId, type CellRuntime } from './cells'

/** Data cell output: the dataset in memory and what the last operation had to say. */
export interface DataSlice {
  dataset?: Dataset
  /** `BTCUSDT 1h`: the series drawn in the price chart. */
  selected?: string
  /** Live while fetching from Binance. */
  progress?: FetchProgress
  /** Notes from the last successful load (warnings, pairs that failed to fetch). */
  notes: string[]
  /** Symbol / interval the user typed for a file that does not name them. */
  fileHint: { symbol: string; interval: Interval | '' }
  /** Name of the file waiting to be loaded again with a hint, after its name did not say the pair. */
  pendingFile?: string
}

/** Features cell output: per-coin matrices and sample indexes, ready for batches. */
export interface FeaturesSlice {
  coins?: CoinFeatures[]
  names?: string[]
  /** Wall time of the last run, ms, and the workers it ran on. */
  ms?: number
  workers?: number
  /** Bytes held by matrices and sample indexes. */
  bytes?: number
  /** Pairs left out, with why (e.g. only one interval loaded). */
  skipped: string[]
  /** Coin whose statistics the cell shows. */
  selected?: string
}

/** Model cell output: the built network's Keras-style summary. */
export interface ModelSlice {
  summary?: { rows: LayerRow[]; total: number }
}

/** Train cell output. Per-batch numbers live in trainLive (outside React) and reach charts directly. */
export interface TrainSlice {
  backend?: { name: string; skipped: { name: string; reason: string }[]; lstm: string; lstmThreads: number; note?: string }
  history: EpochLog[]
  result?: FitResult
  paused: boolean
  /** Messages: checkpoints not saved, backend fallbacks, why training stopped. */
  notes: string[]
  /** A run of this tab cut short by a reload, offered for resuming from its checkpoint while the settings are its own. */
  interrupted?: { runId: string; epoch: number; epochs: number; configKey: string }
  /** The run the model in the worker is: what Evaluate, Export, the run's share link and a resume read. */
  snapshot?: RunSnapshot
  /** The user ticked coins: loading other data keeps the choice instead of the preset's. */
  coinsByHand?: boolean
  /** Each baseline's validation loss in the training loss's units: lines on the loss chart. */
  baselines?: Record<BaselineName, number>
  /** The model in the worker came from a save, not from training here. */
  loaded?: { name: string; from: 'browser' | 'files'; backend: string; params: number }
}

/** Evaluate cell output: metrics against baselines and the forecasts behind them. */
export interface EvaluateSlice {
  split: EvalSplit
  /** Also score the loaded coins the model never trained on (apart from the pooled figures). */
  allCoins?: boolean
  evaluation?: Evaluation
  /** The run evaluated (the snapshot's run id). */
  runId?: string
  /** Per coin, in sample order: what the band chart draws and Export predictions writes. */
  forecasts?: CoinForecast[]
  /** Coin drawn in the band chart. */
  selected?: string
}

/** Backtest cell output: the figures, and the paths and trades behind them. */
export interface BacktestSlice {
  result?: Backtest
  paths?: BacktestPaths
  /** Coin whose equity and position the charts draw. */
  selected?: string
  /** The last forecasts predicted for a split other than Evaluate's, kept so a change of fee does not predict again. */
  forecasts?: { split: EvalSplit; forecasts: CoinForecast[]; ewmaLambda: number }
}

/** Export cell output. */
export interface ExportSlice {
  /** Runs saved in this browser, newest first; undefined until listed. */
  saved?: SavedRun[]
  /** What the last action did ("Saved …", "Loaded …"). */
  notes: string[]
  /** The last share link made, shown for copying by hand when the clipboard refuses. */
  shareLink?: string
}

/** A share link the page was opened with: what it could not take. */
export interface SharedSlice {
  rejected: { path: string; message: string }[]
}

export interface StudioState {
  /** The one serialisable run configuration: what Run all replays and a share link carries. */
  config: RunConfig
  cells: Record<CellId, CellRuntime>
  data: DataSlice
  features: FeaturesSlice
  model: ModelSlice
  train: TrainSlice
  evaluate: EvaluateSlice
  backtest: BacktestSlice
  exports: ExportSlice
  shared?: SharedSlice
  /** Bumped when the whole config is replaced (a link, a loaded run): forms re-read it. */
  configEpoch: number
}

export const useStudio = create<StudioState>()(() => ({
  config: DEFAULT_CONFIG,
  cells: Object.fromEntries(CELL_ORDER.map((id) => [id, IDLE])) as Record<CellId, CellRuntime>,
  data: { notes: [], fileHint: { symbol: '', interval: '' } },
  features: { skipped: [] },
  model: {},
  train: { history: [], paused: false, notes: [] },
  evaluate: { split: 'test' },
  backtest: {},
  exports: { notes: [] },
  configEpoch: 0,
}))
