import { describe, expect, it } from 'vitest'
import { encodeLanes, FORWARD, FORWARD_FIELDS, runLstmJob, type ForwardJob } from './lstmLaneJobs'
import { lstmForwardLanes, lstmOutputLanes } from '../reference/lstmLanes'
import { reserveLength } from '../lstmLayout'
import { simd } from '../../wasm/simdKernels'
import { randomFloats as random, relErrorOf } from '../../testing'

// A job as a helper receives it: the lane count, then each lane's integers in FORWARD_FIELDS order,
// every operand an arena offset, the reserve written into the arena. Checked against the JS reference.
describe('runLstmJob', () => {
  it('runs a forward lane job sent as integers, writing the lane\'s reserve and its output sequence into the arena', () => {
    const k = simd()!
    const s = { batch: 5, time: 4, inputDim: 3, units: 8 } // one lane (under 8 rows)
    const G = 4 * s.units
    const x = random(s.batch * s.time * s.inputDim, 1)
    const w = { kernel: random(s.inputDim * G, 2), recurrentKernel: random(s.units * G, 3), bias: random(G, 4) }
    const want = new Float32Array(reserveLength(s))
    lstmForwardLanes(s, x, w, want)
    const wantY = new Float32Array(s.batch * s.time * s.units)
    lstmOutputLanes(s, want, true, wantY)

    // Blocks placed apart by hand, in an order unlike lstmSimd.ts's, 4-float aligned.
    let end = 64
    const take = (n: number) => { const at = end; end += (n + 3) & ~3; return at }
    const job: ForwardJob = {
      rows: s.batch, time: s.time, inputDim: s.inputDim, units: s.units, reserve: take(want.length),
      tc: take(s.batch * s.units), h: take(2 * s.batch * s.units), c: take(2 * s.batch * s.units), z: take(s.batch * G),
      bias: take(s.batch * G), u: take(s.units * G), w: take(s.inputDim * G), x: take(x.length), xRow: s.time * s.inputDim,
      keep: 1, hStep: 0, hRow: s.units, copyY: 1, y: take(wantY.length), yStep: s.units,
    }
    const heap = k.arena(end)
    heap.set(x, job.x)
    heap.set(w.kernel, job.w)
    heap.set(w.recurrentKernel, job.u)
    for (let b = 0; b < s.batch; b++) heap.set(w.bias, job.bias + b * G)
    let ticks = 0
    runLstmJob(k, FORWARD, Int32Array.from(encodeLanes([job], FORWARD_FIELDS)), () => ticks++)
    const got = k.arena(0).slice(job.reserve, job.reserve + want.length)
    expect(relErrorOf(got, want)).toBeLessThan(1e-5)
    // The output batch-major, each row's h at every step: the reserve's h plane read back, bit for bit.
    const y = k.arena(0).slice(job.y, job.y + wantY.length)
    const fromReserve = new Float32Array(wantY.length)
    lstmOutputLanes(s, got, true, fromReserve)
    expect(y).toEqual(fromReserve)
    expect(relErrorOf(y, wantY)).toBeLessThan(1e-5)
    expect(ticks).toBe(s.time) // one progress tick a timestep
  })

  it('names a job kind it does not know', () => {
    expect(() => runLstmJob(simd()!, 7, new Int32Array(30))).toThrow('fusedLstm: unknown helper job 7')
  })
})
