import { portfolioPath } from '../backtest/portfolio'
import { metricsOf } from '../backtest/metrics'
import { targetPosition } from '../backtest/rules'
import { simulate } from '../backtest/simulate'
import type { BacktestMetrics, Bars, Fill, Path, RuleParams } from '../backtest/types'
import { HOUR } from './schedule'
import type { LiveForecast } from './types'

/** The live session's paper account: the Backtest cell's rule and accounting applied to the live forecasts. */
export interface PaperAccount {
  /** Equal-capital portfolio of the session's coins, and buy-and-hold over the same hours. */
  portfolio: Path
  buyAndHold: Path
  metrics: BacktestMetrics
  buyAndHoldMetrics: BacktestMetrics
  /** Per coin: equity now and the position held into the hour that is running. */
  perCoin: Record<string, { equity: number; position: number; buyAndHold: number }>
  /** Every position change, coin by coin in time order: the trade log. */
  fills: Fill[]
}

/**
 * Trades what the Backtest trades, with its code: at each on-time forecast's bar close the rule's position is taken
 * (fee and slippage paid), and the hour's return is earned when the target bar closes. The newest forecast, not yet
 * scored, is in the account with no return so far and its position open; an hour with no on-time forecast (a gap,
 * a skipped or late forecast) closes the position, as a hole in the Backtest's candles does. Late forecasts are
 * scored but not traded: the price they would trade at is gone.
 */
export function paperAccount(forecasts: readonly LiveForecast[], params: RuleParams, horizon: number, symbols: readonly string[]): PaperAccount {
  const cost = params.fee + params.slippage
  const coins = symbols.map((symbol) => {
    const own = forecasts.filter((f) => f.symbol === symbol && !f.late && !f.unscorable).sort((a, b) => a.barOpenTime - b.barOpenTime)
    // only the newest may still be waiting for its target bar; older pending ones (a fetch that failed) wait too
    const traded = own.filter((f, i) => f.realised || i === own.length - 1)
    const bars: Bars = {
      symbol,
      openTime: Float64Array.from(traded, (f) => f.barOpenTime),
      close: Float64Array.from(traded, (f) => f.close),
      nextClose: Float64Array.from(traded, (f) => f.realised?.close ?? f.close),
      q10: Float64Array.from(traded, (f) => f.q10),
      q50: Float64Array.from(traded, (f) => f.q50),
      q90: Float64Array.from(traded, (f) => f.q90),
    }
    const open = traded.length > 0 && !traded[traded.length - 1]!.realised
    const run = simulate(bars, horizon, cost, (k, prev) => targetPosition(bars, k, prev, params, horizon), open)
    const hold = simulate(bars, horizon, cost, () => 1, open)
    return { symbol, run, hold, open }
  })
  const withBars = coins.filter((c) => c.run.path.time.length > 1)
  const empty = (): Path => ({ time: Float64Array.of(NaN), equity: Float64Array.of(1), exposure: new Float64Array(0), tradeReturns: [], tradeProfits: [], fees: 0, turnover: 0, periodHours: horizon })
  const portfolio = withBars.length ? portfolioPath(withBars.map((c) => c.run.path)) : empty()
  const buyAndHold = withBars.length ? portfolioPath(withBars.map((c) => c.hold.path)) : empty()
  const lastOf = (a: Float64Array, fallback: number) => (a.length ? a[a.length - 1]! : fallback)
  return {
    portfolio,
    buyAndHold,
    metrics: metricsOf(portfolio),
    buyAndHoldMetrics: metricsOf(buyAndHold),
    perCoin: Object.fromEntries(coins.map((c) => [c.symbol, {
      equity: lastOf(c.run.path.equity, 1),
      position: c.open ? lastOf(c.run.position, 0) : 0,
      buyAndHold: lastOf(c.hold.path.equity, 1),
    }])),
    fills: coins.flatMap((c) => c.run.fills),
  }
}

/**
 * The rule's position for a new forecast, given the coin's forecasts before it: the position held into it is the
 * previous on-time forecast's when that was exactly `horizon` hours earlier (no hole between), else 0.
 */
export function positionFor(f: Pick<LiveForecast, 'barOpenTime' | 'q10' | 'q50' | 'q90' | 'late'>, before: readonly LiveForecast[], params: RuleParams, horizon: number): number {
  if (f.late) return 0
  const prev = before.find((p) => !p.late && !p.unscorable && p.barOpenTime === f.barOpenTime - horizon * HOUR)
  const bars: Bars = { symbol: '', openTime: Float64Array.of(f.barOpenTime), close: Float64Array.of(1), nextClose: Float64Array.of(1), q10: Float64Array.of(f.q10), q50: Float64Array.of(f.q50), q90: Float64Array.of(f.q90) }
  return targetPosition(bars, 0, prev?.position ?? 0, params, horizon)
}
