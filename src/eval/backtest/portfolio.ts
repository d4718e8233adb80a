import type { Path } from './types'

/**
 * The equal-capital portfolio of coin paths: each coin gets 1/N of the capital at the start and keeps its own
 * equity (no rebalancing across coins), so the portfolio's equity at any time is the mean of the coins' equities,
 * each flat before its first point and after its last. Points are the union of the coins' times.
 */
export function portfolioPath(paths: readonly Path[]): Path {
  const N = paths.length
  if (N === 0) throw new Error('backtest: no coin to build a portfolio of; choose at least one coin with forecasts')
  const times = Float64Array.from(new Set(paths.flatMap((p) => Array.from(p.time)))).sort()
  const equity = new Float64Array(times.length)
  const exposure = new Float64Array(Math.max(0, times.length - 1))
  const at = new Int32Array(N) // per coin: index of its last point at or before the current time
  at.fill(-1)
  times.forEach((t, i) => {
    let sum = 0, inMarket = 0
    paths.forEach((p, c) => {
      while (at[c]! + 1 < p.time.length && p.time[at[c]! + 1]! <= t) at[c]!++
      const k = at[c]!
      sum += k < 0 ? 1 : p.equity[k]!
      // the period ending at t: the coin's period k − 1 if one of its points is exactly t
      if (i > 0 && k > 0 && p.time[k] === t) inMarket += (p.exposure[k - 1]! * p.equity[k - 1]!)
    })
    equity[i] = sum / N
    if (i > 0) exposure[i - 1] = inMarket / N / equity[i - 1]!
  })
  return {
    time: times,
    equity,
    exposure,
    tradeReturns: paths.flatMap((p) => p.tradeReturns),
    tradeProfits: paths.flatMap((p) => p.tradeProfits.map((x) => x / N)),
    fees: paths.reduce((s, p) => s + p.fees, 0) / N,
    turnover: paths.reduce((s, p) => s + p.turnover, 0) / N,
    periodHours: Math.min(...paths.map((p) => p.periodHours)),
  }
}
