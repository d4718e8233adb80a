import { describe, expect, it } from 'vitest'
import { lstmBackward } from './lstmBackward'
import { lstmForward, lstmOutput, sigmoid, tanh } from './lstmForward'
import { reserveLength, reservePlanes } from '../lstmLayout'
import type { LstmShape } from '../types'

// One unit, one feature, two steps: small enough to follow with a pencil. Gate order i, f, c, o.
// References are float64: h by the formulas in lstmForward.ts, gradients by central differences
// (ε = 1e-6) of the same scalar recurrence, computed outside this code base and rounded to 7 places.
const s: LstmShape = { batch: 1, time: 2, inputDim: 1, units: 1 }
const x = Float32Array.of(0.5, -1)
const weights = {
  kernel: Float32Array.of(0.1, 0.2, 0.3, 0.4),
  recurrentKernel: Float32Array.of(0.5, -0.5, 0.25, 1),
  bias: Float32Array.of(0, 1, 0, 0), // unit forget bias
}

function forward(): Float32Array {
  const reserve = new Float32Array(reserveLength(s))
  lstmForward(s, x, weights, reserve)
  return reserve
}

function backward(dy: Float32Array, sequences: boolean) {
  const grads = {
    dx: new Float32Array(2), dKernel: new Float32Array(4), dRecurrentKernel: new Float32Array(4), dBias: new Float32Array(4),
  }
  lstmBackward(s, x, weights, forward(), dy, sequences, grads)
  return grads
}

function expectClose(actual: Float32Array, expected: number[], digits = 6): void {
  expect(actual.length).toBe(expected.length)
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits))
}

describe('lstmForward', () => {
  it('gives the hidden states worked out by hand', () => {
    // t=0: z = 0.5·W + b = [0.05, 1.1, 0.15, 0.2]; c0 = σ(0.05)·tanh(0.15); h0 = σ(0.2)·tanh(c0)
    const c0 = sigmoid(0.05) * Math.tanh(0.15)
    const h0 = sigmoid(0.2) * Math.tanh(c0)
    expect(h0).toBeCloseTo(0.04187285691884926, 12)
    const reserve = forward()
    const p = reservePlanes(s)
    expect(reserve[p.c]).toBeCloseTo(c0, 7)
    expect(reserve[p.h]).toBeCloseTo(h0, 7)
    const y = new Float32Array(2)
    lstmOutput(s, reserve, true, y)
    expectClose(y, [0.04187285691884926, -0.03406193033922725], 7)
    const last = new Float32Array(1)
    lstmOutput(s, reserve, false, last)
    expectClose(last, [-0.03406193033922725], 7)
  })

  it('saturates without NaN for huge pre-activations', () => {
    expect([sigmoid(-800), sigmoid(800), tanh(-800), tanh(800), tanh(0)]).toEqual([0, 1, -1, 1, 0])
    const big = { ...weights, kernel: Float32Array.of(1e6, -1e6, 1e6, 1e6) }
    const reserve = new Float32Array(reserveLength(s))
    lstmForward(s, x, big, reserve)
    expect(reserve.every(Number.isFinite)).toBe(true)
  })

  it('names the mismatch when buffers have the wrong length', () => {
    expect(() => lstmForward(s, new Float32Array(3), weights, new Float32Array(reserveLength(s))))
      .toThrow('fusedLstm: x has 3 values, expected B·T·D = 2')
    expect(() => lstmForward({ ...s, units: 0 }, x, weights, new Float32Array(0)))
      .toThrow('fusedLstm: units must be a positive integer, got 0')
  })
})

describe('lstmBackward', () => {
  it('matches float64 central differences for L = h0 + 2·h1 (whole sequence)', () => {
    const g = backward(Float32Array.of(1, 2), true)
    expectClose(g.dx, [0.1794117, 0.0892954])
    expectClose(g.dKernel, [0.078197, -0.0134434, -0.08195, 0.049661])
    expectClose(g.dRecurrentKernel, [-0.0024061, 0.0005629, 0.0151289, -0.001679])
    expectClose(g.dBias, [-0.0159897, 0.0134434, 0.9200161, -0.0209685])
  })

  it('matches float64 central differences for L = h1 (last step only)', () => {
    const g = backward(Float32Array.of(1), false)
    expectClose(g.dx, [0.0438276, 0.0446477])
    expectClose(g.dKernel, [0.034015, -0.0067217, -0.109461, 0.020118])
    expectClose(g.dRecurrentKernel, [-0.001203, 0.0002815, 0.0075644, -0.0008395])
    expectClose(g.dBias, [-0.0181619, 0.0067217, 0.323036, -0.0199091])
  })

  it('refuses a dy of the wrong length', () => {
    expect(() => backward(Float32Array.of(1, 2), false)).toThrow('fusedLstm: dy has 2 values, expected 1')
  })
})
