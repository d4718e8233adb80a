import { INTERVAL_MS, type Candles } from '../data/types'
import { splitByDate } from './calendar'
import { ewmaVolatility } from './ewma'
import { toGrid, type Grid } from './grid'
import { fitStats, normalizeColumns } from './normalize'
import { selectSamples, splitSamples, type Range, type StreamRows } from './samples'
import { allFeatureNames, computeColumns } from './spec'
import { SPLITS, type CalendarCut, type CoinFeatures, type FeaturesConfig, type SampleIndex, type Split, type StreamMatrix } from './types'

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
  const defined = grid.present.slice()
  for (const col of columns) {
    for (let r = 0; r < col.length; r++) {
      const v = col[r]!
      if (!(v - v === 0)) defined[r] = 0
    }
  }
  return { grid, columns, defined }
}

const rowsOf = (s: RawStream): StreamRows => ({ rows: s.grid.present.length, start: s.grid.start, step: s.grid.step, present: s.grid.present, defined: s.defined })

/**
 * One coin, both streams: features, samples, split (at the calendar dates `cut` when given, the same for every
 * coin; else the config's fractions of this coin's own samples), z-scores fitted on the training rows only,
 * normalised Float32 matrices and each sample's target scale. Pure: the same candles and config give the same bytes.
 */
export function buildCoinFeatures(symbol: string, h1: Candles, m15: Candles, cfg: FeaturesConfig, cut?: CalendarCut): CoinFeatures {
  allFeatureNames(cfg.indicators) // fails early on duplicate names
  const a = rawStream(h1, INTERVAL_MS['1h'], cfg)
  const b = rawStream(m15, INTERVAL_MS['15m'], cfg)
  const close = a.grid.candles.close
  const sigma = cfg.target.kind === 'ewma' ? ewmaVolatility(close, cfg.target.lambda) : undefined
  const rootH = Math.sqrt(cfg.horizon)
  const scaleOf = (t: number) => (sigma ? Math.max(sigma[t]! * rootH, 1e-6) : 1)
  const targetOf = (t: number) => Math.log(close[t + cfg.horizon]! / close[t]!)
  const targetOk = (t: number) => t + cfg.horizon < close.length && a.grid.present[t + cfg.horizon] === 1 && Number.isFinite(targetOf(t))
  // The scale is an indicator with a warm-up of its own: a bar without one cannot end a window.
  if (sigma) for (let t = 0; t < sigma.length; t++) if (!Number.isFinite(sigma[t]!)) a.defined[t] = 0
  const { samples, dropped } = selectSamples(rowsOf(a), rowsOf(b), targetOk, cfg.window)
  const openOf = (t: number) => a.grid.start + t * a.grid.step
  const { splits, purged } = cut
    ? splitByDate(Float64Array.from(samples.end1h, openOf), cut, cfg.horizon)
    : splitSamples(samples.end1h, cfg.split.train, cfg.split.val, cfg.horizon)
  if (purged > 0) dropped['purged: target inside the next split'] = purged
  // A coin that starts after the validation date is never trained on; its scaling comes from its validation rows.
  const fitOn = splits.train.hi > splits.train.lo ? 'train' : 'val'
  const fit = splits[fitOn]
  if (fit.hi <= fit.lo) {
    const where = cut ? ` before the test date ${new Date(cut.test).toISOString().slice(0, 10)}` : ''
    throw new Error(`features: ${symbol} has no training samples${where} (${samples.end1h.length} complete samples in all); it needs more bars than the ${cfg.window}-bar windows and indicator warm-up take`)
  }
  const w = cfg.window - 1
  const stats = {
    h1: fitStats(a.columns, samples.end1h[fit.lo]! - w, samples.end1h[fit.hi - 1]!),
    m15: fitStats(b.columns, samples.end15m[fit.lo]! - w, samples.end15m[fit.hi - 1]!),
  }
  const matrix = (s: RawStream, st: typeof stats.h1): StreamMatrix => ({
    data: normalizeColumns(s.columns, st, cfg.clip), rows: s.grid.present.length, features: s.columns.length, start: s.grid.start, step: s.grid.step,
  })
  const index = ({ lo, hi }: Range): SampleIndex => {
    const end1h = samples.end1h.slice(lo, hi)
    return {
      end1h,
      end15m: samples.end15m.slice(lo, hi),
      target: Float32Array.from(end1h, targetOf),
      close: Float64Array.from(end1h, (t) => close[t]!),
      scale: Float32Array.from(end1h, scaleOf),
    }
  }
  return {
    symbol,
    window: cfg.window,
    horizon: cfg.horizon,
    h1: matrix(a, stats.h1),
    m15: matrix(b, stats.m15),
    h1Close: close.slice(),
    samples: Object.fromEntries(SPLITS.map((s) => [s, index(splits[s])])) as Record<Split, SampleIndex>,
    stats,
    dropped,
    filled: { h1: a.grid.filled, m15: b.grid.filled },
    splitStart: Object.fromEntries(SPLITS.map((s) => [s, splits[s].hi > splits[s].lo ? openOf(samples.end1h[splits[s].lo]!) : NaN])) as Record<Split, number>,
    ...(cut ? { cut } : {}),
    fitOn,
  }
}

/** Bytes a coin's features hold: matrices and sample indexes (windows are never materialised). */
export function coinBytes(c: CoinFeatures): number {
  let n = c.h1.data.byteLength + c.m15.data.byteLength + c.h1Close.byteLength
  for (const s of SPLITS) {
    const i = c.samples[s]
    n += i.end1h.byteLength + i.end15m.byteLength + i.target.byteLength + i.close.byteLength + i.scale.byteLength
  }
  return n
}
