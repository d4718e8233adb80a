import type { Candles } from '../../data/types'
import { liveWindows, type LiveWindows } from '../../features/liveWindows'
import type { FeatureStats, FeaturesConfig } from '../../features/types'
import type { RuleParams } from '../backtest/types'
import type { Levels } from '../types'
import { liveBaselines } from './liveBaselines'
import { positionFor } from './paper'
import { isLate, lastClosedHour } from './schedule'
import { scoreDue } from './score'
import type { LiveForecast } from './types'

/** What the run's snapshot gives live mode: its feature set and each coin's training statistics. */
export interface LiveSnapshot {
  features: FeaturesConfig
  stats: Record<string, { h1: FeatureStats; m15: FeatureStats }>
  levels: Levels
  /** The EWMA baseline's decay (the one Evaluate chose, else the RiskMetrics 0.94). */
  ewmaLambda: number
  rule: RuleParams
}

/** A refresh half done: forecasts scored, and the coins that need a new forecast with their model inputs. */
export interface RefreshPlan {
  exchangeTime: number
  /** Open time of the last closed 1h bar: what new forecasts are made at. */
  bar: number
  forecasts: LiveForecast[]
  scored: number
  inputs: { symbol: string; windows: LiveWindows }[]
  skipped: string[]
}

/**
 * Step one of a refresh at the exchange's time `now`, with the candles just fetched: score whatever has come due,
 * then build, from the run's snapshot, the input of every coin that has no forecast at the last closed bar yet.
 * A coin that could not be fetched, has no bar there or has a gap in its windows is skipped with why.
 */
export function planRefresh(now: number, forecasts: readonly LiveForecast[], fetched: ReadonlyMap<string, { h1: Candles; m15: Candles }>, failures: ReadonlyMap<string, string>, snap: LiveSnapshot, symbols: readonly string[]): RefreshPlan {
  const bar = lastClosedHour(now)
  const due = scoreDue(forecasts, new Map([...fetched].map(([s, c]) => [s, c.h1])), snap.features.horizon)
  const inputs: RefreshPlan['inputs'] = []
  const skipped: string[] = []
  for (const symbol of symbols) {
    if (due.forecasts.some((f) => f.symbol === symbol && f.barOpenTime === bar)) continue
    const failed = failures.get(symbol)
    const c = fetched.get(symbol)
    const stats = snap.stats[symbol]
    if (failed || !c || !stats) {
      skipped.push(`${symbol}: ${failed ?? (stats ? 'not fetched' : 'the run has no statistics for it')}`)
      continue
    }
    const w = liveWindows(c.h1, c.m15, bar, snap.features, stats)
    if (w.ok) inputs.push({ symbol, windows: w.windows })
    else skipped.push(`${symbol}: ${w.reason}`)
  }
  return { exchangeTime: now, bar, forecasts: due.forecasts, scored: due.scored, inputs, skipped }
}

/**
 * Step two: the model's outputs (rows of 3 quantiles or 1 value, in the plan's input order, in the model's scaled
 * units) become forecasts, beside the baselines' and with the rule's position. Returns every forecast, new ones last.
 */
export function finishRefresh(plan: RefreshPlan, outputs: Float32Array, perRow: number, snap: LiveSnapshot): LiveForecast[] {
  const made = plan.inputs.map(({ symbol, windows: w }, i) => {
    const v = (j: number) => outputs[i * perRow + j]! * w.scale
    const [q10, q50, q90] = perRow === 3 ? [v(0), v(1), v(2)] : [NaN, v(0), NaN]
    const late = isLate(plan.bar, plan.exchangeTime)
    const f: LiveForecast = {
      symbol, barOpenTime: plan.bar, madeAt: plan.exchangeTime, late, close: w.close, q10, q50, q90,
      baselines: liveBaselines(w.h1Close, w.h1Close.length - 1, snap.levels, snap.features.horizon, snap.ewmaLambda),
      position: 0,
    }
    f.position = positionFor(f, plan.forecasts.filter((p) => p.symbol === symbol), snap.rule, snap.features.horizon)
    return f
  })
  return [...plan.forecasts, ...made]
}
