import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { seededRng } from '../util/rng'
import { lstmBackwardSimd, lstmForwardSimd } from './lstmSimd'
import { reserveLength } from './lstmLayout'
import { adoptHelper, CONTROL_INTS, lstmHelper, lstmHelperJobs, lstmThreads, setLstmThreadsEnabled } from './lstmThreads'
import { simd } from './simdKernels'
import type { LstmGrads, LstmShape } from './types'

// The helper-thread protocol with a real second thread (Node's worker_threads, through tsx) on the
// shared wasm arena: the same numbers as one thread, bit for bit, and a failed helper handled.

const random = (n: number, seed: number): Float32Array => {
  const r = seededRng(seed)
  return Float32Array.from({ length: n }, () => r() * 2 - 1)
}

let worker: Worker

beforeAll(async () => {
  const k = simd()!
  const ctrl = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4))
  // Node 20 cannot load TypeScript in a worker by itself: tsx's require hook does it.
  const entry = fileURLToPath(new URL('./lstmThreads.testWorker.ts', import.meta.url))
  worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)})`, { eval: true })
  worker.postMessage({ module: k.module, memory: k.memory, ctrl, fma: k.fma })
  expect(await new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })).toBe('ready')
  adoptHelper(worker, ctrl)
}, 30_000)

afterAll(async () => {
  setLstmThreadsEnabled(true)
  await worker.terminate()
})

function run(s: LstmShape, seq: boolean) {
  const G = 4 * s.units
  const x = random(s.batch * s.time * s.inputDim, 1)
  const w = { kernel: random(s.inputDim * G, 2), recurrentKernel: random(s.units * G, 3), bias: random(G, 4) }
  const dy = random(seq ? s.batch * s.time * s.units : s.batch * s.units, 5)
  const reserve = new Float32Array(reserveLength(s))
  const grads: LstmGrads = {
    dx: new Float32Array(x.length), dKernel: new Float32Array(w.kernel.length),
    dRecurrentKernel: new Float32Array(w.recurrentKernel.length), dBias: new Float32Array(G),
  }
  lstmForwardSimd(s, x, w, reserve)
  lstmBackwardSimd(s, x, w, reserve, dy, seq, grads)
  return { reserve, ...grads }
}

describe('the LSTM helper thread', () => {
  it.each([[true, 37, 9, 13, 8], [false, 256, 4, 24, 64], [true, 8, 3, 5, 4]])(
    'sequences=%s B=%i T=%i D=%i H=%i: two threads give one thread\'s reserve and gradients bit for bit', (seq, batch, time, inputDim, units) => {
      const s = { batch, time, inputDim, units }
      expect(lstmThreads()).toBe(2)
      const jobs = lstmHelperJobs()
      const two = run(s, seq)
      expect(lstmHelperJobs() - jobs).toBe(2) // one forward and one backward lane on the helper
      setLstmThreadsEnabled(false)
      const one = run(s, seq)
      setLstmThreadsEnabled(true)
      expect(lstmHelperJobs() - jobs).toBe(2)
      for (const key of ['reserve', 'dx', 'dKernel', 'dRecurrentKernel', 'dBias'] as const) expect(two[key], key).toEqual(one[key])
    })

  it('a batch under 8 rows is one lane and never reaches the helper', () => {
    const jobs = lstmHelperJobs()
    run({ batch: 7, time: 3, inputDim: 2, units: 4 }, true)
    expect(lstmHelperJobs()).toBe(jobs)
  })

  it('a helper that fails a job is switched off with a warning; the caller runs the job and goes on with one thread', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const helper = lstmHelper()!
    helper.start(99, [])
    expect(helper.join()).toBe(false)
    expect(warn.mock.calls[0]![0]).toMatch(/the LSTM helper thread is switched off \(it failed a job.*training goes on in one thread, with the same numbers/)
    expect(lstmThreads()).toBe(1)
    expect(lstmHelper()).toBeNull()
    // Training goes on: the same numbers as before, on this thread.
    const s = { batch: 37, time: 9, inputDim: 13, units: 8 }
    expect(run(s, true).dKernel).toEqual(run(s, true).dKernel)
    warn.mockRestore()
    error.mockRestore()
  })
})
