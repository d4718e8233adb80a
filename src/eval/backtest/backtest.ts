import type { QuantileForecast } from '../baselines'
import { BASELINES, type BaselineName, type CoinForecast } from '../types'
import { seededRng } from '../../util/rng'
import { barsOf } from './bars'
import { sharpeDifference } from './bootstrap'
import { metricsOf } from './metrics'
import { portfolioPath } from './portfolio'
import { targetPosition } from './rules'
import { simulate, type CoinRun } from './simulate'
import type { Backtest, BacktestPaths, BacktestRun, Bars, Path, RuleParams } from './types'

/** What one backtest runs on: the model's forecasts and, on the same samples, each baseline's. */
export interface BacktestInput {
  split: Backtest['split']
  horizon: number
  params: RuleParams
  /** The model's forecasts per coin, in sample order (those of the chosen coins). */
  forecasts: readonly CoinForecast[]
  /** Per symbol, each baseline's forecasts of the same samples. */
  baselines: Record<string, Record<BaselineName, QuantileForecast>>
  /** Seed of the days drawn for the Sharpe intervals. */
  seed: number
  draws?: number
}

/** One forecaster's coins run through the rule (or held long throughout, for buy-and-hold). */
function runCoins(bars: readonly Bars[], params: RuleParams, horizon: number, hold = false): CoinRun[] {
  const cost = params.fee + params.slippage
  return bars.map((b) => simulate(b, horizon, cost, hold ? () => 1 : (k, prev) => targetPosition(b, k, prev, params, horizon)))
}

function summarise(runs: readonly CoinRun[], symbols: readonly string[]): { run: BacktestRun; portfolio: Path } {
  const portfolio = portfolioPath(runs.map((r) => r.path))
  return { run: { portfolio: metricsOf(portfolio), perCoin: Object.fromEntries(runs.map((r, i) => [symbols[i]!, metricsOf(r.path)])) }, portfolio }
}

/**
 * The rule on the model's forecasts, buy-and-hold, and the rule on each baseline's forecasts, over the same bars;
 * the strategy's portfolio Sharpe against each of the others with a bootstrap interval over days.
 */
export function backtest(input: BacktestInput): { backtest: Backtest; paths: BacktestPaths } {
  const { params, horizon } = input
  // A coin with no forecasts in the split (its data ends before it) has nothing to trade and holds no capital.
  const forecasts = input.forecasts.filter((f) => f.close.length > 0)
  if (forecasts.length === 0) throw new Error(`backtest: no forecasts of the ${input.split} split for the chosen coins; evaluate first or choose coins that were evaluated`)
  const symbols = forecasts.map((f) => f.symbol)
  const model = runCoins(forecasts.map((f) => barsOf(f, horizon)), params, horizon)
  const hold = runCoins(forecasts.map((f) => barsOf(f, horizon)), params, horizon, true)
  const strategy = summarise(model, symbols)
  const buyAndHold = summarise(hold, symbols)
  const base = Object.fromEntries(BASELINES.map((b) => {
    const bars = forecasts.map((f) => {
      const q = input.baselines[f.symbol]?.[b]
      if (!q) throw new Error(`backtest: no ${b} forecasts for ${f.symbol}; evaluate again`)
      return barsOf(f, horizon, q)
    })
    return [b, summarise(runCoins(bars, params, horizon), symbols)]
  })) as Record<BaselineName, ReturnType<typeof summarise>>
  const rng = seededRng(input.seed)
  const compare = (against: 'buyAndHold' | BaselineName, other: Path) => ({ against, ...sharpeDifference(strategy.portfolio, other, rng, input.draws) })
  return {
    backtest: {
      split: input.split,
      rule: params.rule,
      params,
      horizon,
      portfolio: strategy.run.portfolio,
      perCoin: strategy.run.perCoin,
      buyAndHold: buyAndHold.run,
      baselines: Object.fromEntries(BASELINES.map((b) => [b, base[b].run])) as Record<BaselineName, BacktestRun>,
      comparisons: [compare('buyAndHold', buyAndHold.portfolio), ...BASELINES.map((b) => compare(b, base[b].portfolio))],
    },
    paths: {
      strategy: {
        portfolio: strategy.portfolio,
        perCoin: Object.fromEntries(model.map((r, i) => [symbols[i]!, r.path])),
        positions: Object.fromEntries(model.map((r, i) => [symbols[i]!, { time: r.path.time.subarray(1), position: r.position }])),
      },
      buyAndHold: buyAndHold.portfolio,
      baselines: Object.fromEntries(BASELINES.map((b) => [b, base[b].portfolio])) as Record<BaselineName, Path>,
      fills: model.flatMap((r) => r.fills),
    },
  }
}
