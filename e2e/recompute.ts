import { expect } from '@playwright/test'
import { readParquet } from '../src/data/parquet'

/** Predictions as exported: one row per forecast. */
export interface PredictionRows {
  symbol: string[]
  openTime: number[]
  close: number[]
  nextClose: number[]
  q10: (number | null)[]
  q50: number[]
  q90: (number | null)[]
}

export async function readPredictions(bytes: ArrayBuffer): Promise<PredictionRows> {
  const t = await readParquet(bytes, 'predictions.parquet')
  const col = (n: string) => Array.from(t.columns.get(n) as ArrayLike<unknown>)
  return {
    symbol: col('symbol') as string[],
    openTime: col('open_time').map(Number),
    close: col('close') as number[],
    nextClose: col('next_close') as number[],
    q10: col('q10') as (number | null)[],
    q50: col('q50') as number[],
    q90: col('q90') as (number | null)[],
  }
}

/**
 * The model's headline metrics worked out again from the Parquet file alone, written plainly and apart from
 * src/eval, with the 10/50/90 levels: what a user recomputing them in pandas would get.
 */
export function recompute(p: PredictionRows) {
  const n = p.close.length
  let abs = 0, sq = 0, ape = 0, dirN = 0, dirHit = 0, inside = 0, width = 0, wink = 0
  const pin = { q10: 0, q50: 0, q90: 0 }
  for (let i = 0; i < n; i++) {
    const y = Math.log(p.nextClose[i]! / p.close[i]!)
    const pred = p.close[i]! * Math.exp(p.q50[i]!)
    abs += Math.abs(pred - p.nextClose[i]!)
    sq += (pred - p.nextClose[i]!) ** 2
    ape += Math.abs(pred - p.nextClose[i]!) / p.nextClose[i]!
    if (y !== 0) {
      dirN++
      if (p.q50[i] === 0) dirHit += 0.5
      else if ((p.q50[i]! > 0) === (y > 0)) dirHit++
    }
    const lo = p.q10[i], hi = p.q90[i]
    if (lo == null || hi == null) continue
    const loss = (q: number, tau: number) => (y >= q ? tau * (y - q) : (1 - tau) * (q - y))
    pin.q10 += loss(lo, 0.1)
    pin.q50 += loss(p.q50[i]!, 0.5)
    pin.q90 += loss(hi, 0.9)
    if (lo <= y && y <= hi) inside++
    const L = Math.exp(lo), U = Math.exp(hi), R = Math.exp(y)
    width += U - L
    wink += U - L + (R < L ? 10 * (L - R) : 0) + (R > U ? 10 * (R - U) : 0)
  }
  return {
    samples: n, mae: abs / n, rmse: Math.sqrt(sq / n), mape: ape / n, directionAccuracy: dirHit / dirN,
    pinball: { q10: pin.q10 / n, q50: pin.q50 / n, q90: pin.q90 / n, mean: (pin.q10 + pin.q50 + pin.q90) / 3 / n },
    coverage: inside / n, width: width / n, winkler: wink / n,
  }
}

/** metrics.json's model figures equal what the predictions file alone gives, to 1e-9. */
export function expectRecomputable(model: Record<string, unknown>, p: PredictionRows): void {
  const again = recompute(p)
  expect(model['samples']).toBe(again.samples)
  for (const k of ['mae', 'rmse', 'mape', 'directionAccuracy', 'coverage', 'width', 'winkler'] as const) expect(model[k]).toBeCloseTo(again[k], 9)
  const pinball = model['pinball'] as Record<string, number>
  for (const k of ['q10', 'q50', 'q90', 'mean'] as const) expect(pinball[k]).toBeCloseTo(again.pinball[k], 9)
}
