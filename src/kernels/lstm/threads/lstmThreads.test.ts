import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { fusedLstmThreads, lstmBackwardSimd, lstmForwardSimd } from '../simd/lstmSimd'
import { reserveLength } from '../lstmLayout'
import { adoptHelper, CONTROL_INTS, lstmHelper, lstmHelperJobs, lstmThreads, setLstmThreadsEnabled } from './lstmThreads'
import { simd } from '../../wasm/simdKernels'
import { emptyGrads, randomFloats as random } from '../../testing'
import type { LstmShape } from '../types'

// The helper-thread protocol with a real second thread (Node's worker_threads, through tsx) on the
// shared wasm arena: the same numbers as one thread, bit for bit, and a failed helper handled.


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

afterAll(async () => {
  setLstmThreadsEnabled(true)
  await Promise.all(workers.map((w) => w.terminate()))
})

/** Forward and backward of one layer; `fail` makes the helper fail its forward or its backward job. */
function run(s: LstmShape, seq: boolean, fail?: 'forward' | 'backward') {
  const G = 4 * s.units
  const x = random(s.batch * s.time * s.inputDim, 1)
  const w = { kernel: random(s.inputDim * G, 2), recurrentKernel: random(s.units * G, 3), bias: random(G, 4) }
  const dy = random(seq ? s.batch * s.time * s.units : s.batch * s.units, 5)
  const reserve = new Float32Array(reserveLength(s))
  const grads = emptyGrads(s)
  if (fail === 'forward') Atomics.store(failNext, 0, 1)
  lstmForwardSimd(s, x, w, reserve)
  if (fail === 'backward') Atomics.store(failNext, 0, 1)
  lstmBackwardSimd(s, x, w, reserve, dy, seq, grads)
  return { reserve, ...grads }
}

const KEYS = ['reserve', 'dx', 'dKernel', 'dRecurrentKernel', 'dBias'] as const

describe('the LSTM helper thread', () => {
  it.each([[true, 37, 9, 13, 8], [false, 256, 4, 24, 64], [true, 8, 3, 5, 4]])(
    'sequences=%s B=%i T=%i D=%i H=%i: two threads give one thread\'s reserve and gradients bit for bit', async (seq, batch, time, inputDim, units) => {
      if (lstmHelper() === null) await startHelper()
      const s = { batch, time, inputDim, units }
      expect(lstmThreads()).toBe(2)
      const jobs = lstmHelperJobs()
      const two = run(s, seq)
      expect(lstmHelperJobs() - jobs).toBe(2) // one forward and one backward lane on the helper
      setLstmThreadsEnabled(false)
      const one = run(s, seq)
      setLstmThreadsEnabled(true)
      expect(lstmHelperJobs() - jobs).toBe(2)
      for (const key of KEYS) expect(two[key], key).toEqual(one[key])
    }, 30_000)

  it('reports two threads for a model only where every LSTM layer runs the SIMD path on two lanes', async () => {
    if (lstmHelper() === null) await startHelper()
    expect(fusedLstmThreads([64, 32, 32, 16], 32)).toBe(2)
    expect(fusedLstmThreads([64, 30], 32)).toBe(1) // units 30: the JS path, one thread
    expect(fusedLstmThreads([64, 32], 7)).toBe(1) // batches under 8 rows: one lane
    setLstmThreadsEnabled(false)
    expect(fusedLstmThreads([64, 32], 32)).toBe(1)
    setLstmThreadsEnabled(true)
  })

  it('a batch under 8 rows is one lane and never reaches the helper', async () => {
    if (lstmHelper() === null) await startHelper()
    const jobs = lstmHelperJobs()
    run({ batch: 7, time: 3, inputDim: 2, units: 4 }, true)
    expect(lstmHelperJobs()).toBe(jobs)
  })

  it.each(['forward', 'backward'] as const)(
    'a helper that fails its %s job halfway is switched off with a warning; the caller runs that lane itself, with the same numbers', async (fail) => {
      if (lstmHelper() === null) await startHelper()
      const s = { batch: 37, time: 9, inputDim: 13, units: 8 }
      const want = run(s, true) // two threads, the helper healthy
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      const error = vi.spyOn(console, 'error').mockImplementation(() => {})
      try {
        const jobs = lstmHelperJobs()
        const got = run(s, true, fail)
        expect(warn).toHaveBeenCalledTimes(1)
        expect(warn.mock.calls[0]![0]).toMatch(/the LSTM helper thread is switched off \(it failed a job.*training goes on in one thread, with the same numbers/)
        expect(lstmHelperJobs() - jobs).toBe(fail === 'forward' ? 0 : 1)
        expect(lstmThreads()).toBe(1)
        for (const key of KEYS) expect(got[key], key).toEqual(want[key])
      } finally {
        warn.mockRestore()
        error.mockRestore()
      }
    }, 30_000)
})
