import { parseRunConfig, type RunConfig } from '../config/runConfig'
import type { Evaluation } from '../eval/types'
import type { CoinFeatures, Split } from '../features/types'
import type { FitResult } from '../train/fit'

/** run.json: everything needed to know what a saved model is and to use it again. */
export interface RunRecord {
  format: 'crypto-studio-run'
  version: 1
  name: string
  /** ISO 8601, UTC. */
  savedAt: string
  config: RunConfig
  /** Feature names in column order: the model's input features, both streams. */
  featureNames: string[]
  /** Per coin: samples per split, first sample of each split (epoch ms), and the z-score statistics fitted on train. */
  coins: {
    symbol: string
    samples: Record<Split, number>
    splitStart: Record<Split, number | null>
    stats: { h1: { mean: number[]; std: number[] }; m15: { mean: number[]; std: number[] } }
  }[]
  /** The candles it learned from: where they came from and a fingerprint to recognise them again. */
  data: { source: string; origin: string; fingerprint: string; series: number; bars: number }
  training?: { backend: string; lstm: string; epochs: number; bestEpoch: number; bestValLoss: number; stopReason: string }
  params?: number
  evaluation?: Evaluation
  /** The run this model is (absent in records saved before run ids). */
  runId?: string
  /** Open times (epoch ms) of the first validation and test forecast bars, the same for every coin; null: coins split on their own. */
  splitDates?: { val: number; test: number } | null
}

export interface RunRecordParts {
  name: string
  config: RunConfig
  featureNames: string[]
  coins: readonly CoinFeatures[]
  data: RunRecord['data']
  training?: { backend: string; lstm: string; result: FitResult }
  params?: number
  evaluation?: Evaluation
  runId?: string
  splitDates?: { val: number; test: number }
  now?: Date
}

export function buildRunRecord(p: RunRecordParts): RunRecord {
  const finite = (v: number) => (Number.isFinite(v) ? v : null)
  return {
    format: 'crypto-studio-run',
    version: 1,
    name: p.name,
    savedAt: (p.now ?? new Date()).toISOString(),
    config: p.config,
    featureNames: p.featureNames,
    coins: p.coins.map((c) => ({
      symbol: c.symbol,
      samples: { train: c.samples.train.end1h.length, val: c.samples.val.end1h.length, test: c.samples.test.end1h.length },
      splitStart: { train: finite(c.splitStart.train), val: finite(c.splitStart.val), test: finite(c.splitStart.test) },
      stats: { h1: { mean: [...c.stats.h1.mean], std: [...c.stats.h1.std] }, m15: { mean: [...c.stats.m15.mean], std: [...c.stats.m15.std] } },
    })),
    data: p.data,
    training: p.training && {
      backend: p.training.backend, lstm: p.training.lstm, epochs: p.training.result.history.length,
      bestEpoch: p.training.result.bestEpoch, bestValLoss: p.training.result.bestValLoss, stopReason: p.training.result.stopReason,
    },
    params: p.params,
    evaluation: p.evaluation,
    runId: p.runId,
    splitDates: p.splitDates ? { val: p.splitDates.val, test: p.splitDates.test } : null,
  }
}

/** Reads a run.json back; says what is wrong with one that is not ours or not valid. */
export function parseRunRecord(text: string, fileName = 'run.json'): RunRecord {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new Error(`load: ${fileName} is not JSON (${(e as Error).message})`)
  }
  const r = raw as Partial<RunRecord> | null
  if (!r || typeof r !== 'object' || r.format !== 'crypto-studio-run') throw new Error(`load: ${fileName} is not a studio run record (no "format": "crypto-studio-run")`)
  if (r.version !== 1) throw new Error(`load: ${fileName} is run record version ${String(r.version)}; this studio reads version 1`)
  const config = parseRunConfig(r.config)
  if (!config.ok) throw new Error(`load: ${fileName} has an invalid configuration — ${config.errors.join('; ')}`)
  if (!Array.isArray(r.featureNames) || !Array.isArray(r.coins) || !r.data || typeof r.data.fingerprint !== 'string') {
    throw new Error(`load: ${fileName} lacks featureNames, coins or data`)
  }
  return { ...(r as RunRecord), name: typeof r.name === 'string' ? r.name : fileName, config: config.config }
}
