import type { BacktestMetrics, Path } from './types'

const HOURS_PER_YEAR = 8760
const YEAR_MS = HOURS_PER_YEAR * 3_600_000

/** Period returns E_k / E_{k−1} − 1 of an equity path. */
export function periodReturns(equity: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: Math.max(0, equity.length - 1) }, (_, k) => equity[k + 1]! / equity[k]! - 1)
}

function mean(r: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < r.length; i++) s += r[i]!
  return r.length ? s / r.length : NaN
}

/** Sample standard deviation (n − 1), as pandas computes it. */
export function std(r: ArrayLike<number>): number {
  const m = mean(r)
  let s = 0
  for (let i = 0; i < r.length; i++) s += (r[i]! - m) ** 2
  return r.length > 1 ? Math.sqrt(s / (r.length - 1)) : NaN
}

/** Mean / sample standard deviation × √(periods a year); risk-free 0; null when the returns do not vary. */
export function sharpe(r: ArrayLike<number>, periodsPerYear: number): number | null {
  const s = std(r)
  return s > 0 ? (mean(r) / s) * Math.sqrt(periodsPerYear) : null
}

/** Mean / downside deviation √(mean(min(r, 0)²)) × √(periods a year); null with no losing period. */
export function sortino(r: ArrayLike<number>, periodsPerYear: number): number | null {
  let d = 0
  for (let i = 0; i < r.length; i++) d += Math.min(r[i]!, 0) ** 2
  const dd = Math.sqrt(d / r.length)
  return dd > 0 ? (mean(r) / dd) * Math.sqrt(periodsPerYear) : null
}

/** Deepest fall from a running peak (a positive fraction) and the longest time below a peak, in `time`'s units. */
export function maxDrawdown(equity: ArrayLike<number>, time: ArrayLike<number>): { depth: number; duration: number } {
  let peak = -Infinity, peakAt = 0, depth = 0, duration = 0, under = false
  for (let k = 0; k < equity.length; k++) {
    const e = equity[k]!
    if (e >= peak) {
      if (under) duration = Math.max(duration, time[k]! - peakAt)
      under = false
      peak = e
      peakAt = time[k]!
    } else {
      under = true
      depth = Math.max(depth, 1 - e / peak)
    }
  }
  // still under water at the end: that spell counts to the last point
  if (under) duration = Math.max(duration, time[equity.length - 1]! - peakAt)
  return { depth, duration }
}

/** Σ winning profits / |Σ losing profits|; Infinity with wins and no losses; null with neither. */
export function profitFactor(profits: readonly number[]): number | null {
  let won = 0, lost = 0
  for (const p of profits) (p > 0 ? (won += p) : (lost -= p))
  if (lost > 0) return won / lost
  return won > 0 ? Infinity : null
}

/** Every figure of one equity path. */
export function metricsOf(path: Path): BacktestMetrics {
  const { equity, time } = path
  const n = equity.length - 1
  const r = periodReturns(equity)
  const perYear = HOURS_PER_YEAR / path.periodHours
  const final = equity[n]!
  const years = n > 0 ? (time[n]! - time[0]!) / YEAR_MS : 0
  const cagr = years > 0 ? final ** (1 / years) - 1 : null
  const dd = maxDrawdown(equity, time)
  const t = path.tradeReturns
  return {
    periods: n,
    finalEquity: final,
    totalReturn: final - 1,
    cagr,
    annualVolatility: std(r) * Math.sqrt(perYear),
    sharpe: sharpe(r, perYear),
    sortino: sortino(r, perYear),
    calmar: cagr != null && dd.depth > 0 ? cagr / dd.depth : null,
    maxDrawdown: dd.depth,
    maxDrawdownDuration: dd.duration / 3_600_000,
    exposure: mean(path.exposure),
    trades: t.length,
    winRate: t.length ? t.filter((x) => x > 0).length / t.length : null,
    profitFactor: profitFactor(path.tradeProfits),
    expectancy: t.length ? mean(t) : null,
    feesPaid: path.fees,
    turnover: path.turnover,
  }
}
