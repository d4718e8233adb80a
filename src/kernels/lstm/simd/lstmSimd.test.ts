import { setFlagsFromString } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { lstmBackwardLanes, lstmForwardLanes, lstmOutputLanes } from '../reference/lstmLanes'
import { reserveLength } from '../lstmLayout'
import { lstmBackwardSimd, lstmForwardSimd, lstmInferSimd, simdLstmFits } from './lstmSimd'
import { simd } from '../../wasm/simdKernels'
import { emptyGrads as grads, randomFloats as random, relErrorOf as relError } from '../../testing'
import type { LstmShape } from '../types'

// Relaxed SIMD on, as in Chrome ≥ 114, so these drivers run the FMA GEMM (Node 20 needs the flag,
// set before the module is first built); the other test files run the plain SIMD GEMM.
setFlagsFromString('--experimental-wasm-relaxed-simd')

// The SIMD drivers against the JS functions (themselves checked by hand and against stock tfjs).
// Sizes: B = 5 leaves a JS edge row in every per-step GEMM; H = 12 gives n = 12 (8 SIMD + 4 JS
// columns) in the dh GEMM; B·T = 1000 crosses a K panel in the weight gradients.

describe('lstmForwardSimd / lstmBackwardSimd', () => {
  it('runs the relaxed-SIMD (FMA) GEMM here', () => {
    expect(simd()?.fma).toBe(true)
  })

  it.each([
    // D = 13 and 6 are padded to 16 and 8 columns inside backward; the rest of x stays as given.
    // B ≥ 32 runs lanes of 16 rows or more, up to 8 (here on one thread; lstmThreads.test.ts runs up to four).
    [true, 37, 9, 13, 8], [false, 12, 6, 6, 12], [true, 130, 4, 13, 8],
    [true, 3, 5, 2, 4], [false, 3, 5, 2, 4], [true, 5, 7, 3, 12], [false, 5, 7, 3, 12], [true, 8, 125, 6, 16], [false, 9, 11, 13, 8],
  ])('sequences=%s, B=%i T=%i D=%i H=%i: same reserve and gradients as the JS functions, and inference the same output', (seq, batch, time, inputDim, units) => {
    const s: LstmShape = { batch, time, inputDim, units }
    expect(simdLstmFits(s)).toBe(true)
    const G = 4 * units
    const x = random(batch * time * inputDim, 1)
    const w = { kernel: random(inputDim * G, 2), recurrentKernel: random(units * G, 3), bias: random(G, 4) }
    const dy = random(seq ? batch * time * units : batch * units, 5)
    const want = new Float32Array(reserveLength(s)), got = new Float32Array(reserveLength(s))
    const yTrain = new Float32Array(batch * (seq ? time : 1) * units).fill(NaN)
    lstmForwardLanes(s, x, w, want)
    lstmForwardSimd(s, x, w, got, { y: yTrain, sequences: seq })
    // exp in SIMD is a polynomial (~1e-7 relative); measured differences are ~3e-7.
    expect(relError(got, want)).toBeLessThan(1e-5)
    // The output the lanes copy out as they go is the reserve's h, bit for bit; inference writes no reserve and
    // gives the same output.
    const yWant = new Float32Array(yTrain.length), yGot = new Float32Array(yWant.length).fill(NaN)
    lstmOutputLanes(s, got, seq, yWant)
    expect(yTrain).toEqual(yWant)
    lstmInferSimd(s, x, w, seq, yGot)
    expect(yGot).toEqual(yWant)
    const gWant = grads(s), gGot = grads(s)
    lstmBackwardLanes(s, x, w, want, dy, seq, gWant)
    lstmBackwardSimd(s, x, w, want, dy, seq, gGot)
    for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias'] as const) {
      expect(relError(gGot[key]!, gWant[key]!), key).toBeLessThan(1e-5)
    }
    // Without dx (a layer fed by a model input) the weight gradients are the same, bit for bit.
    const { dx: _, ...noDx } = grads(s)
    lstmBackwardSimd(s, x, w, want, dy, seq, noDx)
    for (const key of ['dKernel', 'dRecurrentKernel', 'dBias'] as const) expect(noDx[key]).toEqual(gGot[key])
  })

  it('declines units that are not a multiple of 4, which the JS path then handles', () => {
    expect(simdLstmFits({ batch: 2, time: 3, inputDim: 4, units: 6 })).toBe(false)
    expect(() => lstmForwardSimd({ batch: 2, time: 3, inputDim: 4, units: 6 }, new Float32Array(24),
      { kernel: new Float32Array(96), recurrentKernel: new Float32Array(144), bias: new Float32Array(24) },
      new Float32Array(252))).toThrow('fusedLstm: SIMD forward needs wasm SIMD and units % 4 = 0')
  })
})
