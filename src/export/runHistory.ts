import type { RunConfig } from '../config/runConfig'
import type { Backtest } from '../eval/backtest/types'
import { BASELINES, type BaselineName } from '../eval/types'
import type { EpochLog } from '../train/fit'
import type { RunRecord } from './runRecord'

/** How a training run ended: all its epochs or early stopping, the Stop button, or an error (NaN before any epoch). */
export type RunOutcome = 'finished' | 'stopped' | 'failed'

/** The backtest figures a run is compared by: the model-driven rule's equal-capital portfolio. */
export interface BacktestHeadline {
  split: Backtest['split']
  rule: Backtest['rule']
  /** Annualised, risk-free rate 0; null without trades. */
  sharpe: number | null
  /** Fractions. */
  totalReturn: number
  maxDrawdown: number
  trades: number
}

/** One training run as the Runs panel keeps it in IndexedDB: recorded when it ends, whatever the end. */
export interface HistoryEntry {
  id: string
  /** run.json of the run: its name, config, coins with split dates, data fingerprint, training, evaluation once scored. */
  record: RunRecord
  outcome: RunOutcome
  /** The failure's message, for a failed run. */
  error?: string
  /** Epoch ms: when the Train cell started and when training ended. */
  startedAt: number
  endedAt: number
  /** Per epoch: mean train loss, validation loss, learning rate used. */
  epochs: Pick<EpochLog, 'epoch' | 'loss' | 'valLoss' | 'lr'>[]
  /** Throughput of the last batch; null when no batch ran. */
  samplesPerSec: number | null
  backtest?: BacktestHeadline
  /** Whether this browser keeps the run's weights (the last few runs, a setting); a record without them says so. */
  weights: boolean
}

/** What a run's entry is made of: the entry's own fields, the fit's epoch logs and the last batch's throughput. */
export type HistoryParts = Pick<HistoryEntry, 'id' | 'record' | 'outcome' | 'error' | 'startedAt' | 'endedAt'> & {
  history: readonly EpochLog[]
  samplesPerSec?: number
}

export function buildHistoryEntry(p: HistoryParts): HistoryEntry {
  return {
    id: p.id,
    record: p.record,
    outcome: p.outcome,
    ...(p.error ? { error: p.error } : {}),
    startedAt: p.startedAt,
    endedAt: p.endedAt,
    epochs: p.history.map((h) => ({ epoch: h.epoch, loss: h.loss, valLoss: h.valLoss, lr: h.lr })),
    samplesPerSec: p.samplesPerSec !== undefined && Number.isFinite(p.samplesPerSec) ? p.samplesPerSec : null,
    weights: false,
  }
}

export function backtestHeadline(b: Backtest): BacktestHeadline {
  return { split: b.split, rule: b.rule, sharpe: b.portfolio.sharpe, totalReturn: b.portfolio.totalReturn, maxDrawdown: b.portfolio.maxDrawdown, trades: b.portfolio.trades }
}

/** The figures a row of the Runs panel shows; null where the run has not been scored. */
export interface Headline {
  /** Pooled mean pinball skill 1 − model / baseline, per baseline (> 0: the model is better). */
  skill: Record<BaselineName, number | null>
  /** Share of realised returns inside the band. */
  coverage: number | null
  sharpe: number | null
  bestValLoss: number | null
  /** Wall time of training, ms. */
  trainMs: number
}

export function headline(e: HistoryEntry): Headline {
  const ev = e.record.evaluation
  const best = e.record.training?.bestValLoss
  return {
    skill: Object.fromEntries(BASELINES.map((b) => [b, ev?.skill[b]?.mean ?? null])) as Record<BaselineName, number | null>,
    coverage: ev?.model.coverage ?? null,
    sharpe: e.backtest?.sharpe ?? null,
    bestValLoss: best !== undefined && best !== null && Number.isFinite(best) ? best : null,
    trainMs: e.endedAt - e.startedAt,
  }
}

/** A setting's value as a cell shows it: numbers stay numbers, lists of plain values read as one string. */
export type Leaf = string | number | boolean | null

/**
 * Every setting of a config as `path → value`: `train.seed`, `features.indicators.2.period`. Lists of plain values
 * (pairs, layer sizes) stay one value, `64 32`, so a changed list is one difference, not one per element.
 */
export function flattenConfig(config: RunConfig): Record<string, Leaf> {
  const out: Record<string, Leaf> = {}
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) out[path] = v.join(' ')
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k)
    else if (v !== undefined) out[path] = v as Leaf
  }
  walk(config, '')
  return out
}

/** A setting that is not the same in every run: its value in each, in the order given (undefined: the run has no such setting). */
export interface ConfigDifference {
  path: string
  values: (Leaf | undefined)[]
}

/** The settings that differ among the configs, in the first config's order, then settings only later ones have. */
export function diffConfigs(configs: readonly RunConfig[]): ConfigDifference[] {
  const flat = configs.map(flattenConfig)
  const paths = [...new Set(flat.flatMap((f) => Object.keys(f)))]
  return paths
    .map((path) => ({ path, values: flat.map((f) => (path in f ? f[path] : undefined)) }))
    .filter((d) => d.values.some((v) => v !== d.values[0]))
}
