import { BACKWARD, BACKWARD_FIELDS, backwardLane, encodeLanes, FORWARD, FORWARD_FIELDS, forwardLane, type BackwardJob, type ForwardJob } from './lstmLaneJobs'
import { lanesOf, reserveLength, transpose } from '../lstmLayout'
import { lstmHelpers, type LstmHelper } from '../threads/lstmThreads'
import { alignLine, keepRegion, keptRegion, releaseRegion, scratchStart, simd } from '../../wasm/simdKernels'
import type { SimdKernels } from '../../wasm/types'
import type { LstmGrads, LstmShape, LstmWeights } from '../types'

/**
 * lstmForwardLanes / lstmBackwardLanes (lstmLanes.ts) with every operand in the wasm arena, so the
 * per-step GEMM and cell kernels run back to back with no copies; inputs are copied in once per
 * call and results out once. Same arguments, same laned reserve and same numbers to float32
 * rounding as the JS functions, which stay the reference and the fallback. Needs units % 4 = 0
 * (f32x4 cell kernels).
 * These drivers are the calling thread's part: they stage the operands, lay out each lane's blocks
 * and add up the lanes' gradients. Each lane is a job over arena offsets alone (lstmLaneJobs.ts), so
 * helper threads (lstmThreads.ts) run lanes on the shared arena while this thread runs others.
 * In training the reserve never leaves the arena: the forward pass keeps it there as a region
 * (`keepRegion`), every lane writing its part in place whichever thread runs it, and the backward pass reads
 * it in place and releases it (`lstmForwardKept` / `lstmBackwardKept`; the kernels pass the region's id in a
 * two-float tensor). `lstmForwardSimd` / `lstmBackwardSimd` take the reserve as a Float32Array instead, for
 * tests and for a reserve that comes from the JS path.
 */

/**
 * Threads a model's fused LSTM layers run on here: the caller and its helpers, at most one a lane of the
 * batch, where every layer takes the SIMD path (units % 4 = 0); else 1.
 */
export function fusedLstmThreads(units: readonly number[], batchSize: number): number {
  const all = units.every((u) => simdLstmFits({ batch: batchSize, time: 1, inputDim: 1, units: u }))
  return all ? Math.min(lanesOf({ batch: batchSize, time: 1, inputDim: 1, units: 4 }).length, 1 + lstmHelpers().length) : 1
}

/** Whether the SIMD drivers apply to this shape here. */
export function simdLstmFits(s: LstmShape): boolean {
  return s.units % 4 === 0 && simd() !== null
}

/**
 * Hands out arena blocks (float offsets) one after another from `start`, each on its own cache lines: the
 * lanes' blocks sit side by side and different threads write them.
 */
export class Blocks {
  constructor(public end: number) {
    this.end = alignLine(end)
  }
  take(floats: number): number {
    const at = this.end
    this.end = alignLine(this.end + floats)
    return at
  }
}

function kernels(what: string, s: LstmShape): SimdKernels {
  const k = simd()
  if (k === null || s.units % 4 !== 0) throw new Error(`fusedLstm: SIMD ${what} needs wasm SIMD and units % 4 = 0`)
  return k
}

/**
 * Runs each lane: thread t of T (the caller is 0) takes lanes t, t + T, t + 2T…, so which thread runs a lane
 * depends only on the lane count and the threads. A helper that fails has its lanes rerun here, on the same
 * arena blocks (a lane rewrites everything it writes, so what the helper left half done does not count).
 */
export function runLanes<J>(jobs: J[], kind: number, fields: readonly (keyof J)[], run: (job: J) => void): void {
  const threads = Math.min(jobs.length, 1 + lstmHelpers().length)
  const helpers: LstmHelper[] = lstmHelpers().slice(0, threads - 1)
  const mine = (t: number) => jobs.flatMap((_, i) => (i % threads === t ? [i] : []))
  helpers.forEach((helper, h) => helper.start(kind, encodeLanes(mine(h + 1).map((i) => jobs[i]!), fields)))
  const helped: boolean[] = []
  try {
    for (const i of mine(0)) run(jobs[i]!)
  } finally {
    // Joined even when this thread's lanes throw: the next call lays out the same arena blocks.
    for (const helper of helpers) helped.push(helper.join())
  }
  helpers.forEach((_, h) => {
    if (!helped[h]) for (const i of mine(h + 1)) run(jobs[i]!)
  })
}

/**
 * Forward with the reserve into `reserve` (the laned layout of lstmLayout.ts), through a region kept for the call;
 * with `out`, the output too, as `lstmForwardKept` writes it.
 */
export function lstmForwardSimd(s: LstmShape, x: Float32Array, w: LstmWeights, reserve: Float32Array, out?: { y: Float32Array; sequences: boolean }): void {
  if (reserve.length !== reserveLength(s)) throw new Error(`fusedLstm: reserve has ${reserve.length} values, expected ${reserveLength(s)}`)
  const id = lstmForwardKept(s, x, w, undefined, out)
  const r = keptRegion(id)!
  reserve.set(simd()!.arena(0).subarray(r.at, r.at + r.floats))
  releaseRegion(id)
}

/**
 * The training forward pass: the reserve stays in the arena, in a region kept until `lstmBackwardKept` reads
 * and releases it (or `releaseRegion`, or `releaseKeptNotOwnedBy` another `owner`). Returns the region's id.
 * With `out`, the layer's output goes into `out.y` ([B × T × H] with `sequences`, else [B × H]), each lane
 * copying its rows as it goes.
 */
export function lstmForwardKept(s: LstmShape, x: Float32Array, w: LstmWeights, owner?: unknown, out?: { y: Float32Array; sequences: boolean }): number {
  const k = kernels('forward', s)
  if (out) checkOutput(s, out.y, out.sequences)
  const region = keepRegion(k, reserveLength(s), owner)
  try {
    forwardSimd(k, s, x, w, { reserve: region.at, ...out })
  } catch (e) {
    releaseRegion(region.id)
    throw e
  }
  return region.id
}

function checkOutput(s: LstmShape, y: Float32Array, sequences: boolean): void {
  const want = s.batch * (sequences ? s.time : 1) * s.units
  if (y.length !== want) throw new Error(`fusedLstm: y has ${y.length} values, expected ${want}`)
}

function keptOrThrow(id: number, s: LstmShape): { at: number; floats: number } {
  const r = keptRegion(id)
  if (r === undefined) throw new Error(`fusedLstm: the reserve of this forward pass is no longer in the arena (released, or a later gradient computation dropped it); run the backward pass once, after its forward pass`)
  if (r.floats !== reserveLength(s)) throw new Error(`fusedLstm: the kept reserve has ${r.floats} values, this layer needs ${reserveLength(s)}`)
  return r
}

/**
 * The forward pass where nothing will differentiate it (validation, Evaluate, live forecasts): the layer's output
 * alone into `y` ([B × T × H] with `sequences`, else [B × H]), no reserve written. Same numbers as lstmForwardSimd
 * followed by lstmOutputLanes, bit for bit: the same products and cells in the same order, only h's rows placed
 * differently — with `sequences` each lane writes h straight into a batch-major output in the arena.
 */
export function lstmInferSimd(s: LstmShape, x: Float32Array, w: LstmWeights, sequences: boolean, y: Float32Array): void {
  checkOutput(s, y, sequences)
  forwardSimd(kernels('forward', s), s, x, w, { y, sequences })
}

function forwardSimd(k: SimdKernels, s: LstmShape, x: Float32Array, w: LstmWeights, out: { reserve?: number; y?: Float32Array; sequences?: boolean }): void {
  const { batch: B, time: T, inputDim: D, units: H } = s
  const G = 4 * H
  const keep = out.reserve !== undefined
  const sequences = out.sequences === true
  // Inference of a sequence writes h straight into the output's rows, which the next step's GEMM reads in place.
  const inPlace = !keep && sequences
  const blocks = new Blocks(scratchStart())
  const lanes = lanesOf(s)
  const maxRows = Math.max(...lanes.map((l) => l.shape.batch))
  const yRow = sequences ? T * H : H
  // x stays batch-major (one memcpy): step t's rows are read T·D floats apart by the GEMM.
  const at = {
    x: blocks.take(B * T * D), w: blocks.take(D * G), u: blocks.take(H * G), bias: blocks.take(maxRows * G),
    y: blocks.take(out.y ? B * yRow : 0),
  }
  // Training works in the lane's part of the kept reserve. Inference keeps one step's gates, c (twice: this
  // step's and the last) and tc per lane, and h twice too unless it goes into the output in place.
  const jobs: ForwardJob[] = lanes.map((lane) => {
    const n = lane.shape.batch
    const y = at.y + lane.row * yRow
    const steps = keep ? { z: 0, c: 0, h: 0, tc: 0 } : {
      z: blocks.take(n * G), c: blocks.take(2 * n * H), h: inPlace ? y : blocks.take(2 * n * H), tc: blocks.take(n * H),
    }
    return {
      rows: n, time: T, inputDim: D, units: H, x: at.x + lane.row * T * D, xRow: T * D, w: at.w, u: at.u, bias: at.bias, ...steps,
      reserve: keep ? out.reserve! + lane.reserve : 0, keep: keep ? 1 : 0, hStep: inPlace ? H : 0, hRow: inPlace ? T * H : H,
      copyY: out.y && !inPlace ? 1 : 0, y, yStep: sequences ? H : 0,
    }
  })
  const heap = k.arena(blocks.end)
  heap.set(x, at.x)
  heap.set(w.kernel, at.w)
  heap.set(w.recurrentKernel, at.u)
  // Rows of bias, by doubling copies (log2 rows calls, not rows); each step starts its gates from them.
  heap.set(w.bias, at.bias)
  for (let filled = 1; filled < maxRows; filled *= 2) {
    heap.copyWithin(at.bias + filled * G, at.bias, at.bias + Math.min(filled, maxRows - filled) * G)
  }
  runLanes(jobs, FORWARD, FORWARD_FIELDS, (job) => forwardLane(k, job))
  out.y?.set(k.arena(0).subarray(at.y, at.y + B * yRow))
}

/** Backward from a reserve in a Float32Array (the laned layout): copied into a region kept for the call. */
export function lstmBackwardSimd(
  s: LstmShape, x: Float32Array, w: Pick<LstmWeights, 'kernel' | 'recurrentKernel'>, reserve: Float32Array,
  dy: Float32Array, sequences: boolean, grads: LstmGrads,
): void {
  const k = kernels('backward', s)
  if (reserve.length !== reserveLength(s)) throw new Error(`fusedLstm: reserve has ${reserve.length} values, expected ${reserveLength(s)}`)
  const region = keepRegion(k, reserve.length)
  k.arena(0).set(reserve, region.at)
  lstmBackwardKept(s, x, w, region.id, dy, sequences, grads)
}

/** The training backward pass from the reserve its forward pass kept (`lstmForwardKept`); releases the region. */
export function lstmBackwardKept(
  s: LstmShape, x: Float32Array, w: Pick<LstmWeights, 'kernel' | 'recurrentKernel'>, id: number,
  dy: Float32Array, sequences: boolean, grads: LstmGrads,
): void {
  try {
    backwardSimd(kernels('backward', s), s, x, w, keptOrThrow(id, s).at, dy, sequences, grads)
  } finally {
    releaseRegion(id)
  }
}

function backwardSimd(
  k: SimdKernels, s: LstmShape, x: Float32Array, w: Pick<LstmWeights, 'kernel' | 'recurrentKernel'>, reserve: number,
  dy: Float32Array, sequences: boolean, grads: LstmGrads,
): void {
  const { batch: B, time: T, inputDim: D, units: H } = s
  const G = 4 * H, rows = B * T
  // x and Wᵀ padded with zero columns to Dp = D rounded up to 8, so dW (D rows) and dx (D columns)
  // fit the 4×8 SIMD blocks whole: with D = 13 the leftover row and columns in JS took 20 of 84 ms.
  const Dp = (D + 7) & ~7
  const hasDx = grads.dx !== undefined
  const blocks = new Blocks(scratchStart())
  const lanes = lanesOf(s)
  // xb: x as it comes, and Dp floats more that the last row's padded copy reads (backwardLane).
  const at = {
    xb: blocks.take(rows * D + Dp), x: blocks.take(rows * Dp), dy: blocks.take(sequences ? rows * H : B * H), uT: blocks.take(G * H),
    wT: blocks.take(hasDx ? G * Dp : 0), dx: blocks.take(hasDx ? rows * Dp : 0), one: blocks.take(1),
  }
  const dyRow = sequences ? T * H : H
  // Per lane its own step buffers and gradient sums (dW, dU and db adjacent, zeroed by the lane).
  const jobs: BackwardJob[] = lanes.map((lane) => {
    const n = lane.shape.batch
    return {
      rows: n, time: T, inputDim: D, padded: Dp, units: H, sequences: sequences ? 1 : 0, hasDx: hasDx ? 1 : 0,
      xb: at.xb + lane.row * T * D, x: at.x + lane.row * Dp, xStep: B * Dp, dy: at.dy + lane.row * dyRow, dyRow, uT: at.uT, wT: at.wT, one: at.one,
      dz: blocks.take(n * G), dh: blocks.take(n * H), dc: blocks.take(n * H),
      dW: blocks.take(Dp * G + H * G + 4 * G), dU: 0, db: 0, dx: at.dx + lane.row * T * Dp, reserve: reserve + lane.reserve,
    }
  })
  for (const j of jobs) {
    j.dU = j.dW + Dp * G
    j.db = j.dU + H * G
  }
  const heap = k.arena(blocks.end)
  // dy and dx stay batch-major, read and written with row strides (no transposing copies); x goes
  // time-major for dW, whose rows read batch-major sat a page apart and cost more than the copy: each lane
  // copies its rows there (backwardLane), on its own thread.
  heap.set(x, at.xb)
  heap.fill(0, at.xb + rows * D, at.xb + rows * D + Dp)
  heap.set(dy, at.dy)
  transpose(w.recurrentKernel, H, G, heap, at.uT)
  if (hasDx) {
    heap.fill(0, at.wT, at.wT + G * Dp)
    for (let d = 0; d < D; d++) for (let g = 0; g < G; g++) heap[at.wT + g * Dp + d] = w.kernel[d * G + g]!
  }
  heap[at.one] = 1
  runLanes(jobs, BACKWARD, BACKWARD_FIELDS, (job) => backwardLane(k, job))

  // The lanes' sums added in lane order, whichever thread ran them.
  const out = k.arena(0)
  const sum = (target: Float32Array, from: keyof BackwardJob, n: number) => {
    const a = jobs[0]![from]
    target.set(out.subarray(a, a + n))
    for (let l = 1; l < jobs.length; l++) {
      const b = jobs[l]![from]
      for (let i = 0; i < n; i++) target[i] = target[i]! + out[b + i]!
    }
  }
  sum(grads.dKernel, 'dW', D * G)
  sum(grads.dRecurrentKernel, 'dU', H * G)
  sum(grads.dBias, 'db', G)
  if (!hasDx) return
  if (Dp === D) grads.dx!.set(out.subarray(at.dx, at.dx + rows * D))
  else for (let r = 0; r < rows; r++) for (let d = 0; d < D; d++) grads.dx![r * D + d] = out[at.dx + r * Dp + d]!
}
