import { skillsOf } from '../evaluate'
import { score } from '../metrics'
import { BASELINES, type BaselineName, type Levels, type Metrics, type QuantileSkill } from '../types'
import { scorable, targetBar } from './schedule'
import type { LiveForecast } from './types'

/** One coin's closed 1h bars as fetched: open times ascending and their closes. */
export interface ClosedBars {
  openTime: ArrayLike<number>
  close: ArrayLike<number>
}

/**
 * Scores every pending forecast whose target bar is among the fetched closed bars, and marks the ones that can
 * never be scored (made after their target bar had closed). A forecast is only ever scored against the close of
 * the bar `horizon` hours after the bar it was made at, which had not closed when it was made. Returns a new array;
 * forecasts already scored are left as they are.
 */
export function scoreDue(forecasts: readonly LiveForecast[], bars: ReadonlyMap<string, ClosedBars>, horizon: number): { forecasts: LiveForecast[]; scored: number } {
  let scored = 0
  const out = forecasts.map((f) => {
    if (f.realised || f.unscorable) return f
    if (!scorable(f.barOpenTime, f.madeAt, horizon)) return { ...f, unscorable: 'made after its target bar had closed' }
    const b = bars.get(f.symbol)
    if (!b) return f
    const i = indexOf(b.openTime, targetBar(f.barOpenTime, horizon))
    if (i < 0) return f
    const close = b.close[i]!
    scored++
    return { ...f, realised: { close, actual: Math.log(close / f.close) } }
  })
  return { forecasts: out, scored }
}

function indexOf(times: ArrayLike<number>, t: number): number {
  let lo = 0, hi = times.length - 1
  while (lo <= hi) {
    const m = (lo + hi) >> 1
    if (times[m]! === t) return m
    if (times[m]! < t) lo = m + 1
    else hi = m - 1
  }
  return -1
}

/** The live session's running scores: the model and each baseline on the same scored forecasts. */
export interface LiveScores {
  scored: number
  /** Scored forecasts that were made late (counted in the scores, marked in the table). */
  late: number
  pending: number
  unscorable: number
  model: Metrics
  baselines: Record<BaselineName, Metrics>
  skill: Record<BaselineName, QuantileSkill | null>
}

/** Coverage, pinball, width and the rest over every scored forecast since the session started (Evaluate's `score`). */
export function liveScores(forecasts: readonly LiveForecast[], levels: Levels): LiveScores {
  const done = forecasts.filter((f) => f.realised)
  const part = (q: (f: LiveForecast) => [number, number, number]) => {
    const quantiles = done.every((f) => Number.isFinite(q(f)[0]) && Number.isFinite(q(f)[2]))
    return {
      close: Float64Array.from(done, (f) => f.close),
      actual: Float64Array.from(done, (f) => f.realised!.actual),
      mid: Float64Array.from(done, (f) => q(f)[1]),
      ...(quantiles ? { low: Float64Array.from(done, (f) => q(f)[0]), high: Float64Array.from(done, (f) => q(f)[2]) } : {}),
    }
  }
  const model = score([part((f) => [f.q10, f.q50, f.q90])], levels)
  const baselines = Object.fromEntries(BASELINES.map((b) => [b, score([part((f) => f.baselines[b])], levels)])) as Record<BaselineName, Metrics>
  return {
    scored: done.length,
    late: done.filter((f) => f.late).length,
    pending: forecasts.filter((f) => !f.realised && !f.unscorable).length,
    unscorable: forecasts.filter((f) => f.unscorable).length,
    model,
    baselines,
    skill: skillsOf(model, baselines),
  }
}
