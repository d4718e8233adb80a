import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { fusedLstmThreads, lstmBackwardSimd, lstmForwardSimd, lstmInferSimd } from '../simd/lstmSimd'
import { lstmOutputLanes } from '../reference/lstmLanes'
import { DEFAULT_LANES, lanesOf, reserveLength, setLstmLanes } from '../lstmLayout'
import { adoptHelper, CONTROL_INTS, lstmHelperJobs, lstmHelpers, lstmThreads, setLstmThreadLimit, setLstmThreadsEnabled } from './lstmThreads'
import { simd } from '../../wasm/simdKernels'
import { gemm } from '../../wasm/gemm'
import { gatherConv1d } from '../simd/lstmLaneJobs'
import { conv2dBackpropFilter } from '../../conv/convFilterGrad'
import { conv2dBackpropInput } from '../../conv/convInputGrad'
import * as tf from '@tensorflow/tfjs'
import { emptyGrads, randomFloats as random } from '../../testing'
import type { LstmShape } from '../types'

// The helper-thread protocol with real threads (Node's worker_threads, through tsx) on the shared wasm
// arena: on 8 lanes, 1, 2 and 4 threads give the same numbers bit for bit, and a failed helper is handled.


const workers: Worker[] = []
const failNext = new Int32Array(new SharedArrayBuffer(4))

/** A fresh helper on the kernels' arena, adopted as the LSTM's helper. */
async function startHelper(): Promise<void> {
  const k = simd()!
  const ctrl = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4))
  // Node 20 cannot load TypeScript in a worker by itself: tsx's require hook does it.
  const entry = fileURLToPath(new URL('./lstmThreads.testWorker.ts', import.meta.url))
  const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)})`, { eval: true })
  workers.push(worker)
  worker.postMessage({ module: k.module, memory: k.memory, ctrl, fma: k.fma, failNext })
  expect(await new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })).toBe('ready')
  adoptHelper(worker, ctrl)
}

/** Three helpers: four threads with the caller. */
async function startHelpers(): Promise<void> {
  while (lstmHelpers().length < 3) await startHelper()
}

afterAll(async () => {
  setLstmThreadsEnabled(true)
  setLstmLanes(DEFAULT_LANES)
  await Promise.all(workers.map((w) => w.terminate()))
})

/** Forward and backward of one layer; `fail` makes the helper fail its forward or its backward job. */
function run(s: LstmShape, seq: boolean, fail?: 'forward' | 'backward') {
  const G = 4 * s.units
  const x = random(s.batch * s.time * s.inputDim, 1)
  const w = { kernel: random(s.inputDim * G, 2), recurrentKernel: random(s.units * G, 3), bias: random(G, 4) }
  const dy = random(seq ? s.batch * s.time * s.units : s.batch * s.units, 5)
  const reserve = new Float32Array(reserveLength(s))
  const y = new Float32Array(dy.length).fill(NaN)
  const grads = emptyGrads(s)
  if (fail === 'forward') Atomics.store(failNext, 0, 1)
  lstmForwardSimd(s, x, w, reserve, { y, sequences: seq })
  if (fail === 'backward') Atomics.store(failNext, 0, 1)
  lstmBackwardSimd(s, x, w, reserve, dy, seq, grads)
  return { reserve, y, ...grads }
}

const KEYS = ['reserve', 'y', 'dx', 'dKernel', 'dRecurrentKernel', 'dBias'] as const

describe('the LSTM helper threads', () => {
  it.each([[true, 37, 9, 13, 8], [false, 256, 4, 24, 64], [true, 64, 5, 13, 16], [true, 50, 3, 5, 4]])(
    'sequences=%s B=%i T=%i D=%i H=%i on 8 lanes (as many as get 16 rows): 4 and 2 threads give one thread\'s reserve, output and gradients bit for bit', async (seq, batch, time, inputDim, units) => {
      await startHelpers()
      setLstmLanes(8)
      const s = { batch, time, inputDim, units }
      const lanes = lanesOf(s).length // 2, 8, 4 and 3
      const got: Record<number, ReturnType<typeof run>> = {}
      for (const threads of [4, 2, 1]) {
        setLstmThreadLimit(threads)
        expect(lstmThreads()).toBe(threads)
        const jobs = lstmHelperJobs()
        got[threads] = run(s, seq)
        // one forward and one backward job per helper that has a lane
        expect(lstmHelperJobs() - jobs).toBe(2 * (Math.min(threads, lanes) - 1))
      }
      setLstmThreadsEnabled(true)
      for (const threads of [4, 2]) for (const key of KEYS) expect(got[threads]![key], `${threads} threads: ${key}`).toEqual(got[1]![key])
    }, 60_000)

  it.each([[true, 256, 4, 24, 64], [false, 256, 4, 24, 64], [true, 37, 9, 13, 8]])(
    'inference, sequences=%s B=%i T=%i D=%i H=%i: no reserve, the training forward\'s output bit for bit on 1, 2 and 4 threads', async (seq, batch, time, inputDim, units) => {
      await startHelpers()
      setLstmLanes(8)
      const s = { batch, time, inputDim, units }
      const G = 4 * units
      const x = random(batch * time * inputDim, 1)
      const w = { kernel: random(inputDim * G, 2), recurrentKernel: random(units * G, 3), bias: random(G, 4) }
      setLstmThreadLimit(1)
      const reserve = new Float32Array(reserveLength(s))
      lstmForwardSimd(s, x, w, reserve)
      const want = new Float32Array(batch * (seq ? time : 1) * units)
      lstmOutputLanes(s, reserve, seq, want)
      for (const threads of [1, 2, 4]) {
        setLstmThreadLimit(threads)
        const jobs = lstmHelperJobs()
        const y = new Float32Array(want.length).fill(NaN)
        lstmInferSimd(s, x, w, seq, y)
        expect(y, `${threads} threads`).toEqual(want)
        expect(lstmHelperJobs() - jobs).toBe(Math.min(threads, lanesOf(s).length) - 1)
      }
      setLstmThreadsEnabled(true)
      setLstmLanes(DEFAULT_LANES)
    }, 60_000)

  it('2 lanes on 2 threads: the split the studio used before lanes were a setting, bit for bit on one thread', async () => {
    await startHelpers()
    setLstmLanes(2)
    const s = { batch: 37, time: 9, inputDim: 13, units: 8 }
    setLstmThreadLimit(2)
    const two = run(s, true)
    setLstmThreadLimit(1)
    const one = run(s, true)
    setLstmThreadsEnabled(true)
    setLstmLanes(DEFAULT_LANES)
    for (const key of KEYS) expect(two[key], key).toEqual(one[key])
  }, 30_000)

  it('reports the threads a model runs on: every helper up to one thread a lane, where every LSTM layer runs the SIMD path', async () => {
    await startHelpers()
    expect(fusedLstmThreads([64, 32, 32, 16], 256)).toBe(4)
    expect(fusedLstmThreads([64, 32], 48)).toBe(3) // 3 lanes of 16 rows
    expect(fusedLstmThreads([64, 32], 32)).toBe(2) // 2 lanes of 16 rows
    expect(fusedLstmThreads([64, 30], 256)).toBe(1) // units 30: the JS path, one thread
    expect(fusedLstmThreads([64, 32], 31)).toBe(1) // batches under 32 rows: one lane
    setLstmThreadLimit(2)
    expect(fusedLstmThreads([64, 32], 256)).toBe(2)
    setLstmThreadsEnabled(false)
    expect(fusedLstmThreads([64, 32], 256)).toBe(1)
    setLstmThreadsEnabled(true)
  })

  it('a batch under 32 rows is one lane and never reaches a helper', async () => {
    await startHelpers()
    const jobs = lstmHelperJobs()
    run({ batch: 31, time: 3, inputDim: 2, units: 4 }, true)
    expect(lstmHelperJobs()).toBe(jobs)
  })

  it.each(['forward', 'backward'] as const)(
    'a helper that fails its %s job halfway is switched off with a warning; the caller runs its lanes itself, with the same numbers', async (fail) => {
      await startHelpers()
      setLstmThreadLimit(2)
      const s = { batch: 37, time: 9, inputDim: 13, units: 8 }
      const want = run(s, true) // two threads, the helper healthy
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      const error = vi.spyOn(console, 'error').mockImplementation(() => {})
      try {
        const jobs = lstmHelperJobs()
        const got = run(s, true, fail)
        expect(warn).toHaveBeenCalledTimes(1)
        expect(warn.mock.calls[0]![0]).toMatch(/an LSTM helper thread is switched off \(it failed a job.*the caller runs its lanes, with the same numbers/)
        // The next helper takes its place (still two threads): it runs the backward job after a failed forward.
        expect(lstmHelperJobs() - jobs).toBe(1)
        expect(lstmThreads()).toBe(2)
        for (const key of KEYS) expect(got[key], key).toEqual(want[key])
      } finally {
        setLstmThreadsEnabled(true)
        warn.mockRestore()
        error.mockRestore()
      }
    }, 30_000)

  // The seed's two Conv1D layers at an odd batch: conv1 (13 → 32 channels, 39 filter rows: 3 past a multiple of 4)
  // and conv2 (32 → 16, whose input gradient the model needs).
  const B = 37
  const conv = (threads: number, fail = false) => {
    setLstmThreadLimit(threads)
    const out: Record<string, Float32Array> = {}
    for (const [name, W, ci, co] of [['conv1', 60, 13, 32], ['conv2', 58, 32, 16]] as const) {
      const info = tf.backend_util.computeConv2DInfo([B, 1, W, ci], [1, 3, ci, co], 1, 1, 'valid')
      const x = random(B * W * ci, 7), dy = random(B * (W - 2) * co, 8), w = random(3 * ci * co, 9)
      out[`${name} dW`] = new Float32Array(3 * ci * co)
      if (fail) Atomics.store(failNext, 0, 1)
      conv2dBackpropFilter(x, dy, out[`${name} dW`]!, info)
      out[`${name} dx`] = new Float32Array(B * W * ci).fill(NaN)
      if (fail) Atomics.store(failNext, 0, 1)
      conv2dBackpropInput(dy, w, out[`${name} dx`]!, info)
    }
    setLstmThreadsEnabled(true)
    return out
  }

  it('the Conv1D gradients: 1, 2 and 4 threads give the numbers of one SIMD product over the whole batch, bit for bit', async () => {
    await startHelpers()
    // The form before threads: dW as one gemm() over all windows (dy padded to W columns), T = dy · Wᵀ as one gemm(), then the gather.
    const want: Record<string, Float32Array> = {}
    for (const [name, W, ci, co] of [['conv1', 60, 13, 32], ['conv2', 58, 32, 16]] as const) {
      const OW = W - 2, cols = 3 * ci
      const x = random(B * W * ci, 7), dy = random(B * OW * co, 8), w = random(3 * ci * co, 9)
      const dyPad = new Float32Array(B * W * co)
      for (let b = 0; b < B; b++) dyPad.set(dy.subarray(b * OW * co, (b + 1) * OW * co), b * W * co)
      want[`${name} dW`] = new Float32Array(cols * co)
      gemm(cols, co, B * W - 2, x, 0, 1, ci, dyPad, 0, 1, co, want[`${name} dW`]!, 0, co, false)
      const wt = new Float32Array(co * cols), t = new Float32Array(B * OW * cols)
      for (let j = 0; j < cols; j++) for (let c = 0; c < co; c++) wt[c * cols + j] = w[j * co + c]!
      gemm(B * OW, cols, co, dy, 0, co, 1, wt, 0, 1, cols, t, 0, cols, false)
      want[`${name} dx`] = new Float32Array(B * W * ci)
      gatherConv1d(t, 0, want[`${name} dx`]!, 0, B, W, OW, 3, ci)
    }
    for (const threads of [1, 2, 4]) {
      const jobs = lstmHelperJobs()
      const got = conv(threads)
      // on every helper: a GEMM job for each dW, a GEMM and a gather job for conv2's dx (conv1's T has 39 columns,
      // not a multiple of 8: one thread, as before)
      expect(lstmHelperJobs() - jobs).toBe(4 * (threads - 1))
      for (const key of Object.keys(want)) expect(got[key], `${threads} threads: ${key}`).toEqual(want[key])
    }
  }, 60_000)

  it('a helper that fails a Conv1D job is switched off; the caller reruns its rows, with the same numbers', async () => {
    await startHelpers()
    const want = conv(2)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const got = conv(2, true)
      expect(warn).toHaveBeenCalled()
      for (const key of Object.keys(want)) expect(got[key], key).toEqual(want[key])
    } finally {
      setLstmThreadsEnabled(true)
      warn.mockRestore()
      error.mockRestore()
    }
  }, 60_000)
})
