import { describe, expect, it } from 'vitest'
import { score, skill } from './metrics'

const L = [0.1, 0.5, 0.9] as const
const ln = Math.log

// Two forecasts worked by hand. Sample 1: close 100 → 110, median says 105, band 97–108 (missed above).
// Sample 2: close 200 → 190, median says 196, band 180–202 (inside).
const two = {
  close: Float64Array.of(100, 200),
  actual: Float64Array.of(ln(1.1), ln(0.95)),
  low: Float64Array.of(ln(0.97), ln(0.9)),
  mid: Float64Array.of(ln(1.05), ln(0.98)),
  high: Float64Array.of(ln(1.08), ln(1.01)),
}

describe('score', () => {
  it('price errors of the median: MAE, RMSE, MAPE', () => {
    const m = score([two], L)
    expect(m.samples).toBe(2)
    expect(m.mae).toBeCloseTo((5 + 6) / 2, 9)
    expect(m.rmse).toBeCloseTo(Math.sqrt((25 + 36) / 2), 9)
    expect(m.mape).toBeCloseTo((5 / 110 + 6 / 190) / 2, 12)
  })

  it('pinball per quantile, coverage, hit rates, width and Winkler', () => {
    const m = score([two], L)
    // e = y − q; loss = max(τe, (τ − 1)e). Sample 1 is above all three quantiles, sample 2 above q10 only.
    const e1 = [ln(1.1) - ln(0.97), ln(1.1) - ln(1.05), ln(1.1) - ln(1.08)]
    const e2 = [ln(0.95) - ln(0.9), ln(0.95) - ln(0.98), ln(0.95) - ln(1.01)]
    const q10 = (0.1 * e1[0]! + 0.1 * e2[0]!) / 2
    const q50 = (0.5 * e1[1]! + 0.5 * -e2[1]!) / 2
    const q90 = (0.9 * e1[2]! + 0.1 * -e2[2]!) / 2
    expect(m.pinball!.q10).toBeCloseTo(q10, 12)
    expect(m.pinball!.q50).toBeCloseTo(q50, 12)
    expect(m.pinball!.q90).toBeCloseTo(q90, 12)
    expect(m.pinball!.mean).toBeCloseTo((q10 + q50 + q90) / 3, 12)
    expect(m.pinball!.q10).toBeCloseTo(0.0089918, 6) // (0.0125769 + 0.0054067) / 2, by hand
    expect(m.coverage).toBe(0.5)
    expect(m.hits).toEqual({ q10: 0, q50: 0.5, q90: 0.5 })
    // Widths 1.08 − 0.97 and 1.01 − 0.90; sample 1 misses by 1.10 − 1.08, charged 2/α = 10 times.
    expect(m.width).toBeCloseTo(0.11, 12)
    expect(m.winkler).toBeCloseTo((0.11 + 10 * 0.02 + 0.11) / 2, 12)
  })

  it('direction: both right; zero moves left out; a zero forecast scores one half', () => {
    expect(score([two], L)).toMatchObject({ directionAccuracy: 1, directionSamples: 2 })
    const mixed = {
      close: Float64Array.of(1, 1, 1, 1),
      actual: Float64Array.of(0.01, -0.02, 0, 0.03),
      mid: Float64Array.of(-0.01, -0.01, 0.05, 0),
    }
    // wrong, right, (zero move: out), zero forecast: ½ → 1.5 / 3
    expect(score([mixed], L)).toMatchObject({ directionAccuracy: 0.5, directionSamples: 3 })
  })

  it('a one-value forecast has no quantile metrics at all', () => {
    const m = score([{ close: two.close, actual: two.actual, mid: two.mid }], L)
    expect(m.mae).toBeCloseTo(5.5, 9)
    expect([m.pinball, m.coverage, m.hits, m.width, m.winkler]).toEqual([null, null, null, null, null])
  })

  it('pools coins sample by sample', () => {
    const one = (i: number) => ({ close: two.close.slice(i, i + 1), actual: two.actual.slice(i, i + 1), low: two.low.slice(i, i + 1), mid: two.mid.slice(i, i + 1), high: two.high.slice(i, i + 1) })
    expect(score([one(0), one(1)], L)).toEqual(score([two], L))
  })

  it('no samples: NaN scores, not zeros', () => {
    const m = score([{ close: new Float64Array(), actual: new Float64Array(), mid: new Float64Array() }], L)
    expect(m.samples).toBe(0)
    expect(m.mae).toBeNaN()
    expect(m.directionAccuracy).toBeNaN()
  })
})

describe('skill', () => {
  it('1 − model / baseline, absent when it cannot be told', () => {
    expect(skill(0.8, 1)).toBeCloseTo(0.2, 12)
    expect(skill(1.25, 1)).toBeCloseTo(-0.25, 12)
    expect(skill(null, 1)).toBeNull()
    expect(skill(1, 0)).toBeNull()
    expect(skill(NaN, 1)).toBeNull()
  })
})
