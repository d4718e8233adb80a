import { describe, expect, it } from 'vitest'
import { adamUpdate } from './adamKernel'
import type { AdamScalars } from './types'

// One weight, two steps, lr 0.1, β1 0.9, β2 0.999, ε 1e-7, by hand in float64:
//   step 1, g = 0.5:  m = 0.05, v = 0.00025, m̂ = 0.05 / 0.1 = 0.5, v̂ = 0.00025 / 0.001 = 0.25,
//                     w = 1 − 0.1 · 0.5 / (0.5 + 1e-7) = 0.90000002
//   step 2, g = −1:   m = 0.045 − 0.1 = −0.055, v = 0.00024975 + 0.001 = 0.00124975,
//                     m̂ = −0.055 / 0.19, v̂ = 0.00124975 / 0.001999, w = 0.93661037
// In float32, as tfjs computes, 1 − β2 rounds to 0.000999987 (1.3e-5 off), which moves w by ~7e-7.
// β^t as tfjs keeps it: a float32 product, one factor per step.
const accBeta = (beta: number, t: number): number => (t === 1 ? Math.fround(beta) : Math.fround(accBeta(beta, t - 1) * Math.fround(beta)))
const scalars = (t: number): AdamScalars => ({
  learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7,
  oneMinusAccBeta1: 1 - accBeta(0.9, t), oneMinusAccBeta2: 1 - accBeta(0.999, t),
})

describe('adamUpdate', () => {
  it('gives the moments and weights worked out by hand over two steps', () => {
    const w = Float32Array.of(1), m = new Float32Array(1), v = new Float32Array(1)
    adamUpdate(scalars(1), w, m, v, Float32Array.of(0.5), w, m, v)
    expect(m[0]).toBeCloseTo(0.05, 8)
    expect(v[0]).toBeCloseTo(0.00025, 9)
    expect(w[0]).toBeCloseTo(0.90000002, 5)
    adamUpdate(scalars(2), w, m, v, Float32Array.of(-1), w, m, v)
    expect(m[0]).toBeCloseTo(-0.055, 7)
    expect(v[0]).toBeCloseTo(0.00124975, 9)
    expect(w[0]).toBeCloseTo(0.93661037, 5)
    // The float32 values tfjs's op-by-op Adam gives (numpy float32, same order of operations).
    expect(w[0]).toBe(Math.fround(0.9366106986999512))
  })

  it('moves every weight by about lr on the first step, whatever the gradient scale', () => {
    // m̂ = g and v̂ = g² at t = 1, so the step is lr · g / (|g| + ε): the sign of g times lr.
    const g = Float32Array.of(1e-3, -2, 50, 0)
    const w = new Float32Array(4), m = new Float32Array(4), v = new Float32Array(4)
    const out = [new Float32Array(4), new Float32Array(4), new Float32Array(4)] as const
    adamUpdate(scalars(1), w, m, v, g, ...out)
    expect(Array.from(out[0]).map((x) => +x.toFixed(4))).toEqual([-0.1, 0.1, -0.1, 0])
    expect(Array.from(w)).toEqual([0, 0, 0, 0]) // inputs untouched when outputs are separate
  })

  it('leaves a weight with zero gradient and zero moments where it is (no NaN from 0/0)', () => {
    const w = Float32Array.of(3), m = new Float32Array(1), v = new Float32Array(1)
    adamUpdate(scalars(1), w, m, v, new Float32Array(1), w, m, v)
    expect([w[0], m[0], v[0]]).toEqual([3, 0, 0])
  })
})
