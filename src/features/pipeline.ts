import { INTERVAL_MS, type Candles } from '../data/types'
import { toGrid, type Grid } from './grid'
import { fitStats, normalizeColumns } from './normalize'
import { selectSamples, splitSamples, type Candidate, type StreamRows } from './samples'
import { allFeatureNames, computeColumns } from './spec'
import { SPLITS, type CoinFeatures, type FeaturesConfig, type SampleIndex, type Split, type StreamMatrix } from './types'

/** Grid plus raw feature columns of one stream, before any normalisation. */
export interface RawStream {
  grid: Grid
  /** Float64Array [rows] per feature, in feature-name order. */
  columns: Float64Array[]
  /** Uint8Array [rows]: bar present and every feature finite. */
  defined: Uint8Array
}

export function rawStream(c: Candles, step: number, cfg: FeaturesConfig): RawStream {
  const grid = toGrid(c, step)
  const columns = computeColumns(grid.candles, cfg.indicators)
  const rows = grid.present.length
  const defined = new Uint8Array(rows)
  for (let r = 0; r < rows; r++) {
    let ok = grid.present[r]!
    for (let j = 0; ok && j < columns.length; j++) if (!Number.isFinite(columns[j]![r]!)) ok = 0
    defined[r] = ok
  }
  return { grid, columns, defined }
}

const rowsOf = (s: RawStream): StreamRows => ({ rows: s.grid.present.length, start: s.grid.start, step: s.grid.step, present: s.grid.present, defined: s.defined })

/**
 * One coin, both streams: features, samples, chronological split, z-scores fitted on the training rows only,
 * normalised Float32 matrices. Pure: the same candles and config give the same bytes.
 */
export function buildCoinFeatures(symbol: string, h1: Candles, m15: Candles, cfg: FeaturesConfig): CoinFeatures {
  allFeatureNames(cfg.indicators) // fails early on duplicate names
  const a = rawStream(h1, INTERVAL_MS['1h'], cfg)
  const b = rawStream(m15, INTERVAL_MS['15m'], cfg)
  const close = a.grid.candles.close
  const targetOf = (t: number) => Math.log(close[t + cfg.horizon]! / close[t]!)
  const targetOk = (t: number) => t + cfg.horizon < close.length && a.grid.present[t + cfg.horizon] === 1 && Number.isFinite(targetOf(t))
  const { samples, dropped } = selectSamples(rowsOf(a), rowsOf(b), targetOk, cfg.window)
  const { splits, purged } = splitSamples(samples, cfg.split.train, cfg.split.val, cfg.horizon)
  if (purged > 0) dropped['purged: target inside the next split'] = purged
  const train = splits.train
  if (train.length === 0) {
    throw new Error(`features: ${symbol} has no training samples (${samples.length} complete samples in all); it needs more bars than the ${cfg.window}-bar windows and indicator warm-up take`)
  }
  const w = cfg.window - 1
  const stats = {
    h1: fitStats(a.columns, train[0]!.end1h - w, train[train.length - 1]!.end1h),
    m15: fitStats(b.columns, train[0]!.end15m - w, train[train.length - 1]!.end15m),
  }
  const matrix = (s: RawStream, st: typeof stats.h1): StreamMatrix => ({
    data: normalizeColumns(s.columns, st, cfg.clip), rows: s.grid.present.length, features: s.columns.length, start: s.grid.start, step: s.grid.step,
  })
  const index = (list: Candidate[]): SampleIndex => ({
    end1h: Int32Array.from(list, (s) => s.end1h),
    end15m: Int32Array.from(list, (s) => s.end15m),
    target: Float32Array.from(list, (s) => targetOf(s.end1h)),
    close: Float64Array.from(list, (s) => close[s.end1h]!),
  })
  return {
    symbol,
    h1: matrix(a, stats.h1),
    m15: matrix(b, stats.m15),
    samples: Object.fromEntries(SPLITS.map((s) => [s, index(splits[s])])) as Record<Split, SampleIndex>,
    stats,
    dropped,
    filled: { h1: a.grid.filled, m15: b.grid.filled },
    splitStart: Object.fromEntries(SPLITS.map((s) => [s, splits[s].length ? a.grid.start + splits[s][0]!.end1h * a.grid.step : NaN])) as Record<Split, number>,
  }
}

/** Bytes a coin's features hold: matrices and sample indexes (windows are never materialised). */
export function coinBytes(c: CoinFeatures): number {
  let n = c.h1.data.byteLength + c.m15.data.byteLength
  for (const s of SPLITS) {
    const i = c.samples[s]
    n += i.end1h.byteLength + i.end15m.byteLength + i.target.byteLength + i.close.byteLength
  }
  return n
}
