import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { fusedLstmThreads, lstmBackwardSimd, lstmForwardSimd, lstmInferSimd } from '../simd/lstmSimd'
import { lstmOutputLanes } from '../reference/lstmLanes'
import { DEFAULT_LANES, lanesOf, reserveLength, setLstmLanes } from '../lstmLayout'
import { adoptHelper, CONTROL_INTS, lstmHelperJobs, lstmHelpers, lstmThreads, setLstmThreadLimit, setLstmThreadsEnabled } from './lstmThreads'
import { simd } from '../../wasm/simdKernels'
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
})
