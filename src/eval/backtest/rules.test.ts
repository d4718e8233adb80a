import { describe, expect, it } from 'vitest'
import { gatedPosition, volTargetPosition } from './rules'

const gate = { maxWidth: 0.015, threshold: 0.001, shorts: false }

describe('gated direction', () => {
  it('goes long on q50 > θ inside a narrow band, flat otherwise; short only when shorts are allowed', () => {
    // w = e^0.005 − e^−0.005 = 0.0100000417 < 0.015
    expect(gatedPosition(-0.005, 0.002, 0.005, gate)).toBe(1)
    expect(gatedPosition(-0.005, 0.001, 0.005, gate)).toBe(0) // q50 = θ is not above it
    expect(gatedPosition(-0.005, -0.002, 0.005, gate)).toBe(0)
    expect(gatedPosition(-0.005, -0.002, 0.005, { ...gate, shorts: true })).toBe(-1)
  })

  it('is flat when the band is wider than W, however strong the median', () => {
    // w = e^0.008 − e^−0.008 = 0.016000171 > 0.015; at ±0.0074 it is 0.0148001 < 0.015
    expect(gatedPosition(-0.008, 0.05, 0.008, gate)).toBe(0)
    expect(gatedPosition(-0.0074, 0.05, 0.0074, gate)).toBe(1)
  })

  it('a one-value model (no band, NaN) is never gated', () => {
    expect(gatedPosition(NaN, 0.002, NaN, gate)).toBe(1)
  })
})

describe('volatility target', () => {
  const p = { volTarget: 0.5, leverage: 1, band: 0.1 }
  const perBar = 0.5 / Math.sqrt(8760) // 0.00534219
  const band = (sigma: number) => 2 * 1.2816 * sigma // q90 − q10 for a σ̂

  it('sizes σ* / σ̂ and caps it at L', () => {
    expect(volTargetPosition(-band(0.01) / 2, band(0.01) / 2, 0, p, 1)).toBeCloseTo(perBar / 0.01, 12) // 0.534219
    expect(volTargetPosition(-band(0.004) / 2, band(0.004) / 2, 0, p, 1)).toBe(1) // 1.3355 capped
    expect(volTargetPosition(-band(0.004) / 2, band(0.004) / 2, 0, { ...p, leverage: 2 }, 1)).toBeCloseTo(perBar / 0.004, 12)
  })

  it('keeps p_prev while the target moves by no more than the band', () => {
    const prev = perBar / 0.01 // 0.534219
    // σ̂ 0.0105: target 0.508780, 0.025 from prev: kept
    expect(volTargetPosition(-band(0.0105) / 2, band(0.0105) / 2, prev, p, 1)).toBe(prev)
    // σ̂ 0.008: target 0.667774, 0.134 from prev: rebalanced
    expect(volTargetPosition(-band(0.008) / 2, band(0.008) / 2, prev, p, 1)).toBeCloseTo(perBar / 0.008, 12)
  })

  it('for h > 1 the target per bar is σ* · √(h / 8760)', () => {
    expect(volTargetPosition(-band(0.02) / 2, band(0.02) / 2, 0, p, 4)).toBeCloseTo((0.5 * Math.sqrt(4 / 8760)) / 0.02, 12)
  })

  it('refuses a band that is not a band', () => {
    expect(() => volTargetPosition(NaN, NaN, 0, p, 1)).toThrow(/backtest: the volatility target needs a band/)
  })
})
