import type { BaselineName } from '../types'

/** Which trading rule turns a forecast into a target position. */
export type RuleName = 'gated' | 'volTarget'

/** The rules' settings and the costs; the run configuration's `backtest` section holds the same fields. */
export interface RuleParams {
  /** gated: direction with a band gate; volTarget: size by forecast volatility. */
  rule: RuleName
  /** Gated direction: band width exp(q90) − exp(q10) above which the position is 0; a fraction of price. */
  maxWidth: number
  /** Gated direction: |q50| a log return must pass to go long (or short). */
  threshold: number
  /** Gated direction: whether q50 < −θ goes short (−1); spot trading cannot. */
  shorts: boolean
  /** Volatility target: annual volatility aimed at, a fraction (0.5 = 50 %); divided by √(8760 / h) per bar. */
  volTarget: number
  /** Volatility target: the largest position, a multiple of equity. */
  leverage: number
  /** Volatility target: rebalance only when |p − p_prev| exceeds this. */
  band: number
  /** Fee per unit of position changed, a fraction of the value traded (0.001 = 0.1 %). */
  fee: number
  /** Slippage per unit of position changed, a fraction of the value traded. */
  slippage: number
}

/** One coin's forecast bars as the backtest reads them, in time order, already thinned to every h-th bar. */
export interface Bars {
  symbol: string
  /** Float64Array [n]: open time (epoch ms) of each forecast bar. */
  openTime: Float64Array
  /** Float64Array [n]: that bar's close, the trade price. */
  close: Float64Array
  /** Float64Array [n]: the close h bars later. */
  nextClose: Float64Array
  /** Float64Array [n] each: forecast log-return quantiles q10, q50, q90 (q10 and q90 NaN for a one-value model). */
  q10: Float64Array
  q50: Float64Array
  q90: Float64Array
}

/** One position change: a row of the trades export. */
export interface Fill {
  /** The coin, e.g. BTCUSDT. */
  symbol: string
  /** Open time (epoch ms) of the bar at whose close the change is made. */
  openTime: number
  /** buy when the position rises, sell when it falls. */
  side: 'buy' | 'sell'
  /** Position before and after the change, multiples of equity (1 all in, −1 short). */
  positionBefore: number
  positionAfter: number
  /** The close traded at, quote currency. */
  price: number
  /** Fee and slippage paid, a fraction of the coin's starting equity. */
  fee: number
}

/** An equity path and what it did: one coin, or the portfolio of coins. */
export interface Path {
  /** Float64Array [n + 1]: epoch ms of each equity point; the first is the start (the first bar's close). */
  time: Float64Array
  /** Float64Array [n + 1]: equity after each period, starting at 1. */
  equity: Float64Array
  /** Float64Array [n]: fraction of capital in the market during each period (|p| for a coin). */
  exposure: Float64Array
  /** Return of each closed trade (entry to exit, fees included), a fraction of equity at entry. */
  tradeReturns: number[]
  /** Profit of each closed trade, a fraction of starting equity (what profit factor sums). */
  tradeProfits: number[]
  /** Fee and slippage paid, a fraction of starting equity. */
  fees: number
  /** Σ |p − p_prev| over every change, in multiples of equity. */
  turnover: number
  /** Hours one period lasts: the horizon h. */
  periodHours: number
}

/** The figures a backtest reports for one path; fractions, not percent; null where undefined (no trades). */
export interface BacktestMetrics {
  /** Forecast bars traded (portfolio: points on the union of the coins' times, less the start). */
  periods: number
  /** Equity at the end, starting from 1. */
  finalEquity: number
  /** finalEquity − 1. */
  totalReturn: number
  /** Compound annual growth over the calendar span first bar → last close. */
  cagr: number | null
  /** Standard deviation of period returns × √(8760 / h). */
  annualVolatility: number
  /** Mean / standard deviation of period returns × √(8760 / h), risk-free rate 0. */
  sharpe: number | null
  /** Mean / downside deviation √(mean(min(r, 0)²)) × √(8760 / h). */
  sortino: number | null
  /** CAGR / max drawdown. */
  calmar: number | null
  /** Deepest fall from a running peak, a positive fraction (0.25: equity fell 25 %). */
  maxDrawdown: number
  /** Longest time below a running peak, peak to recovery (or to the end), hours. */
  maxDrawdownDuration: number
  /** Mean fraction of capital in the market. */
  exposure: number
  /** Closed round trips: from leaving 0 to returning to 0 or flipping sign. */
  trades: number
  /** Share of trades with a positive return. */
  winRate: number | null
  /** Σ profits of winning trades / |Σ losses of losing ones|. */
  profitFactor: number | null
  /** Mean trade return. */
  expectancy: number | null
  /** Fee and slippage paid, a fraction of starting equity. */
  feesPaid: number
  /** Σ |p − p_prev|, multiples of equity. */
  turnover: number
}

/** A backtest of one forecaster's forecasts (or buy-and-hold): per coin and the equal-capital portfolio. */
export interface BacktestRun {
  /** The equal-capital portfolio of the coins. */
  portfolio: BacktestMetrics
  /** Each coin on its own, by symbol. */
  perCoin: Record<string, BacktestMetrics>
}

/** Bootstrap over days of the portfolio's Sharpe difference, strategy − comparator. */
export interface SharpeComparison {
  /** What the strategy is compared with. */
  against: 'buyAndHold' | BaselineName
  /** Portfolio Sharpe of the strategy minus the other's (an undefined Sharpe counts as 0). */
  difference: number
  /** 95 % percentile interval of the difference over day resamples. */
  interval: [number, number]
  /** UTC days resampled. */
  days: number
}

/** What the Backtest cell shows and backtest.json holds (with the paths for charts kept apart). */
export interface Backtest {
  /** The split whose forecasts were traded. */
  split: 'train' | 'val' | 'test'
  rule: RuleName
  /** The rule's settings and costs as run. */
  params: RuleParams
  /** Forecast horizon in 1h bars: one period lasts this many hours. */
  horizon: number
  /** The model-driven rule: equal-capital portfolio and each coin. */
  portfolio: BacktestMetrics
  perCoin: Record<string, BacktestMetrics>
  /** p = 1 throughout, the same accounting. */
  buyAndHold: BacktestRun
  /** The same rule on each baseline's forecasts of the same samples. */
  baselines: Record<BaselineName, BacktestRun>
  /** Strategy Sharpe against buy-and-hold, then against each baseline-driven rule. */
  comparisons: SharpeComparison[]
}

/** Equity paths and positions the charts draw, per forecaster. */
export interface BacktestPaths {
  /** The model-driven rule's portfolio and coin paths; per coin the end time (epoch ms) and position of each period. */
  strategy: { portfolio: Path; perCoin: Record<string, Path>; positions: Record<string, { time: Float64Array; position: Float64Array }> }
  /** Buy-and-hold's portfolio path. */
  buyAndHold: Path
  /** Each baseline-driven rule's portfolio path. */
  baselines: Record<BaselineName, Path>
  /** Every position change of the model-driven rule, coin by coin in time order. */
  fills: Fill[]
}
