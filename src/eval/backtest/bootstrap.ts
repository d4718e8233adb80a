import type { Rng } from '../../util/rng'
import { periodReturns, sharpe } from './metrics'
import type { Path } from './types'

const DAY = 86_400_000

/**
 * Sharpe of `a` minus Sharpe of `b` and its 95 % bootstrap interval over days: whole UTC days of period returns
 * (by each period's end) are drawn with replacement, the same days for both paths, `draws` times. Whole days keep
 * the hours of a day together, so one lucky week cannot pass for skill. The paths must share their times.
 */
export function sharpeDifference(a: Path, b: Path, rng: Rng, draws = 1000): { difference: number; interval: [number, number]; days: number } {
  if (a.time.length !== b.time.length || a.time.some((t, i) => t !== b.time[i])) throw new Error('backtest: the paths compared must share their times; backtest both on the same bars')
  const ra = periodReturns(a.equity), rb = periodReturns(b.equity)
  const perYear = 8760 / a.periodHours
  const days: number[][] = []
  let day = NaN
  for (let k = 0; k < ra.length; k++) {
    const d = Math.floor(a.time[k + 1]! / DAY)
    if (d !== day) days.push([]), (day = d)
    days[days.length - 1]!.push(k)
  }
  const diff = (xa: ArrayLike<number>, xb: ArrayLike<number>) => (sharpe(xa, perYear) ?? 0) - (sharpe(xb, perYear) ?? 0)
  const difference = diff(ra, rb)
  const stats: number[] = []
  for (let i = 0; i < draws && days.length > 0; i++) {
    const sa: number[] = [], sb: number[] = []
    for (let j = 0; j < days.length; j++) {
      for (const k of days[Math.floor(rng() * days.length)]!) sa.push(ra[k]!), sb.push(rb[k]!)
    }
    stats.push(diff(sa, sb))
  }
  stats.sort((x, y) => x - y)
  const at = (q: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.round(q * (stats.length - 1))))] ?? NaN
  return { difference, interval: [at(0.025), at(0.975)], days: days.length }
}
