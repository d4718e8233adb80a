import type { Bars, Fill, Path } from './types'

const HOUR = 3_600_000

/** One coin's run: its equity path and the position taken at each bar. */
export interface CoinRun {
  path: Path
  /** Float64Array [n]: position held through each period. */
  position: Float64Array
  fills: Fill[]
}

/**
 * The accounting, per coin, at each forecast bar t in order (equity 1 and position 0 at the start):
 * 1. the change is paid: equity ← equity − c · |p − p_prev| · equity, c = fee + slippage;
 * 2. the bar's return is earned: equity ← equity · (1 + p · (next_close / close − 1));
 * 3. when the next forecast bar is not exactly h bars later, or t is the last, the position is closed at next_close:
 *    equity ← equity − c · |p| · equity, and the next bar starts from p_prev = 0.
 * `decide(k, prev)` gives the target position at bar k from what is known at k. With `openEnd` (a live paper
 * account) the last bar's position stays open: the period is still running, nothing is sold yet.
 */
export function simulate(bars: Bars, horizon: number, cost: number, decide: (k: number, prev: number) => number, openEnd = false): CoinRun {
  const n = bars.close.length
  const time = new Float64Array(n + 1)
  const equity = new Float64Array(n + 1)
  const exposure = new Float64Array(n)
  const position = new Float64Array(n)
  const fills: Fill[] = []
  const tradeReturns: number[] = [], tradeProfits: number[] = []
  let e = 1, prev = 0, fees = 0, turnover = 0
  // the open trade: equity before it was entered, and its growth factor so far
  let entry = 0, growth = 1
  const closeTrade = () => {
    tradeReturns.push(growth - 1)
    tradeProfits.push(entry * (growth - 1))
  }
  const fill = (at: number, price: number, before: number, after: number) => {
    const paid = cost * Math.abs(after - before) * e
    fills.push({ symbol: bars.symbol, openTime: at, side: after > before ? 'buy' : 'sell', positionBefore: before, positionAfter: after, price, fee: paid })
    fees += paid
    turnover += Math.abs(after - before)
    return paid
  }
  time[0] = n > 0 ? bars.openTime[0]! + HOUR : NaN
  equity[0] = 1
  for (let k = 0; k < n; k++) {
    if (k > 0 && !(bars.openTime[k]! > bars.openTime[k - 1]!)) throw new Error(`backtest: ${bars.symbol} bars must ascend in time (bar ${k} at ${bars.openTime[k]} after ${bars.openTime[k - 1]}); pass forecasts in sample order`)
    const p = decide(k, prev)
    if (!Number.isFinite(p)) throw new Error(`backtest: ${bars.symbol} rule gave position ${p} at bar ${k}; check its forecasts for NaN`)
    if (p !== prev) {
      const ends = prev !== 0 && Math.sign(p) !== Math.sign(prev)
      if (ends) {
        // a close or a flip ends the trade, which pays the old position's share of the cost; a new one starts after it
        growth *= 1 - cost * Math.abs(prev)
        closeTrade()
        if (p !== 0) (entry = e * (1 - cost * Math.abs(prev))), (growth = (1 - cost * (Math.abs(prev) + Math.abs(p))) / (1 - cost * Math.abs(prev)))
      } else if (prev === 0) (entry = e), (growth = 1 - cost * Math.abs(p))
      else growth *= 1 - cost * Math.abs(p - prev)
      e -= fill(bars.openTime[k]!, bars.close[k]!, prev, p)
    }
    const r = bars.nextClose[k]! / bars.close[k]! - 1
    e *= 1 + p * r
    if (p !== 0) growth *= 1 + p * r
    const last = k === n - 1 ? !openEnd : bars.openTime[k + 1]! !== bars.openTime[k]! + horizon * HOUR
    prev = p
    if (last && p !== 0) {
      growth *= 1 - cost * Math.abs(p)
      closeTrade()
      e -= fill(bars.openTime[k]! + horizon * HOUR, bars.nextClose[k]!, p, 0)
      prev = 0
    }
    position[k] = p
    exposure[k] = Math.abs(p)
    equity[k + 1] = e
    time[k + 1] = bars.openTime[k]! + (horizon + 1) * HOUR
  }
  return { path: { time, equity, exposure, tradeReturns, tradeProfits, fees, turnover, periodHours: horizon }, position, fills }
}
