import { describe, expect, it } from 'vitest'
import { lstmBackward } from './lstmBackward'
import { lstmForward, lstmOutput } from './lstmForward'
import { lstmBackwardLanes, lstmForwardLanes, lstmOutputLanes } from './lstmLanes'
import { lanesOf, reserveLength, setLstmLanes } from '../lstmLayout'
import { emptyGrads as grads, randomFloats as random, relErrorOf } from '../../testing'
import type { LstmShape } from '../types'



describe('lanes', () => {
  // Two lanes of 32 rows or more split as the studio did before lanes were a setting (20 + 17 for 37 rows).
  it.each([
    [1, 8, [1]], [7, 8, [7]], [31, 8, [31]], [32, 8, [16, 16]], [37, 8, [20, 17]], [48, 8, [16, 16, 16]], [64, 8, [16, 16, 16, 16]],
    [128, 8, [16, 16, 16, 16, 16, 16, 16, 16]], [255, 8, [32, 32, 32, 32, 32, 32, 32, 31]], [256, 8, [32, 32, 32, 32, 32, 32, 32, 32]],
    [37, 2, [20, 17]], [64, 2, [32, 32]], [256, 2, [128, 128]], [255, 2, [128, 127]], [256, 1, [256]], [256, 64, Array.from({ length: 16 }, () => 16)],
  ])('batch %i on %i lanes splits into rows %j, at least 16 a lane, in blocks of 4, each lane\'s reserve after the last', (batch, n, rows) => {
    const s = { batch, time: 3, inputDim: 2, units: 4 }
    const lanes = lanesOf(s, n)
    expect(lanes.map((l) => l.shape.batch)).toEqual(rows)
    expect(lanes.map((l) => l.row)).toEqual(rows.map((_, i) => rows.slice(0, i).reduce((a, b) => a + b, 0)))
    expect(lanes.map((l) => l.reserve)).toEqual(rows.map((_, i) => rows.slice(0, i).reduce((a, b) => a + reserveLength({ ...s, batch: b }), 0)))
    expect(lanes.reduce((n, l) => n + reserveLength(l.shape), 0)).toBe(reserveLength(s))
  })

  it('refuses a lane count outside 1–64', () => {
    expect(() => setLstmLanes(0)).toThrow('fusedLstm: lanes must be an integer from 1 to 64, got 0')
    expect(() => setLstmLanes(2.5)).toThrow('fusedLstm: lanes must be an integer from 1 to 64, got 2.5')
  })

  // The GEMM's 4×8 blocks run in wasm SIMD and its edge rows in JS, and lanes move the edges: to rounding, not bit for bit.
  it.each([true, false])('sequences=%s: the same outputs and gradients as one whole-batch pass, to rounding', (seq) => {
    const s: LstmShape = { batch: 50, time: 6, inputDim: 5, units: 3 } // 3 lanes of 16, 16 and 18 rows
    const G = 4 * s.units
    const x = random(s.batch * s.time * s.inputDim, 1)
    const w = { kernel: random(s.inputDim * G, 2), recurrentKernel: random(s.units * G, 3), bias: random(G, 4) }
    const yLength = seq ? s.batch * s.time * s.units : s.batch * s.units
    const whole = new Float32Array(reserveLength(s)), laned = new Float32Array(reserveLength(s))
    lstmForward(s, x, w, whole)
    lstmForwardLanes(s, x, w, laned)
    expect(laned).not.toEqual(whole) // another layout: lanes one after another
    const yWhole = new Float32Array(yLength), yLaned = new Float32Array(yLength)
    lstmOutput(s, whole, seq, yWhole)
    lstmOutputLanes(s, laned, seq, yLaned)
    expect(relErrorOf(yLaned, yWhole)).toBeLessThan(1e-6)

    const dy = random(yLength, 5)
    const gWhole = grads(s), gLaned = grads(s)
    lstmBackward(s, x, w, whole, dy, seq, gWhole)
    lstmBackwardLanes(s, x, w, laned, dy, seq, gLaned)
    expect(relErrorOf(gLaned.dx!, gWhole.dx!)).toBeLessThan(1e-6)
    for (const key of ['dKernel', 'dRecurrentKernel', 'dBias'] as const) {
      gLaned[key].forEach((v, i) => expect(v).toBeCloseTo(gWhole[key][i]!, 5))
    }
  })

  it('names a reserve of the wrong length', () => {
    const s: LstmShape = { batch: 32, time: 2, inputDim: 1, units: 1 }
    const w = { kernel: new Float32Array(4), recurrentKernel: new Float32Array(4), bias: new Float32Array(4) }
    expect(() => lstmForwardLanes(s, new Float32Array(64), w, new Float32Array(3))).toThrow(`fusedLstm: reserve has 3 values, expected ${reserveLength(s)}`)
  })
})
