import { describe, expect, it } from 'vitest'
import { lstmBackward } from './lstmBackward'
import { lstmForward, lstmOutput } from './lstmForward'
import { lstmBackwardLanes, lstmForwardLanes, lstmOutputLanes } from './lstmLanes'
import { lanesOf, reserveLength, setLstmLanes } from '../lstmLayout'
import { emptyGrads as grads, randomFloats as random } from '../../testing'
import type { LstmShape } from '../types'



describe('lanes', () => {
  // Two lanes split as the studio did before lanes were a setting (20 + 17 for 37 rows: 4·round(37 / 8) first).
  it.each([
    [1, 8, [1]], [7, 8, [7]], [8, 8, [4, 4]], [9, 8, [4, 5]], [12, 8, [4, 4, 4]], [13, 8, [4, 4, 5]], [32, 8, [4, 4, 4, 4, 4, 4, 4, 4]],
    [37, 8, [8, 4, 4, 4, 4, 4, 4, 5]], [64, 8, [8, 8, 8, 8, 8, 8, 8, 8]], [255, 8, [32, 32, 32, 32, 32, 32, 32, 31]],
    [9, 2, [4, 5]], [12, 2, [8, 4]], [32, 2, [16, 16]], [37, 2, [20, 17]], [256, 2, [128, 128]], [255, 2, [128, 127]], [32, 1, [32]], [32, 64, [4, 4, 4, 4, 4, 4, 4, 4]],
  ])('batch %i on %i lanes splits into rows %j, in blocks of 4, each lane\'s reserve after the last', (batch, n, rows) => {
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

  it.each([true, false])('sequences=%s: the same outputs and input gradients as one whole-batch pass, bit for bit; weight gradients to rounding', (seq) => {
    const s: LstmShape = { batch: 13, time: 6, inputDim: 5, units: 3 } // 3 lanes of 4, 4 and 5 rows
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
    expect(yLaned).toEqual(yWhole)

    const dy = random(yLength, 5)
    const gWhole = grads(s), gLaned = grads(s)
    lstmBackward(s, x, w, whole, dy, seq, gWhole)
    lstmBackwardLanes(s, x, w, laned, dy, seq, gLaned)
    expect(gLaned.dx).toEqual(gWhole.dx)
    for (const key of ['dKernel', 'dRecurrentKernel', 'dBias'] as const) {
      gLaned[key].forEach((v, i) => expect(v).toBeCloseTo(gWhole[key][i]!, 5))
    }
  })

  it('names a reserve of the wrong length', () => {
    const s: LstmShape = { batch: 8, time: 2, inputDim: 1, units: 1 }
    const w = { kernel: new Float32Array(4), recurrentKernel: new Float32Array(4), bias: new Float32Array(4) }
    expect(() => lstmForwardLanes(s, new Float32Array(16), w, new Float32Array(3))).toThrow(`fusedLstm: reserve has 3 values, expected ${reserveLength(s)}`)
  })
})
