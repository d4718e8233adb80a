import { BACKWARD, BACKWARD_FIELDS, backwardLane, encodeLanes, FORWARD, FORWARD_FIELDS, forwardLane, type BackwardJob, type ForwardJob } from './lstmLaneJobs'
import { lanesOf, reserveLength, transpose } from '../lstmLayout'
import { lstmHelpers, type LstmHelper } from '../threads/lstmThreads'
import { align4, SHARED_MAX_PAGES, simd } from '../../wasm/simdKernels'
import type { SimdKernels } from '../../wasm/types'
import type { Lane, LstmGrads, LstmShape, LstmWeights } from '../types'

/**
 * lstmForwardLanes / lstmBackwardLanes (lstmLanes.ts) with every operand in the wasm arena, so the
 * per-step GEMM and cell kernels run back to back with no copies; inputs are copied in once per
 * call and results out once. Same arguments, same laned reserve and same numbers to float32
 * rounding as the JS functions, which stay the reference and the fallback. Needs units % 4 = 0
 * (f32x4 cell kernels).
 * These drivers are the calling thread's part: they stage the operands, lay out each lane's blocks
 * and add up the lanes' gradients. Each lane is a job over arena offsets alone (lstmLaneJobs.ts), so
 * the helper thread (lstmThreads.ts) can run the second lane on the shared arena while this thread
 * runs the first: the helper's lane reads and writes its reserve in the arena, which this thread
 * copies from or to the reserve tensor.
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

/** Hands out arena blocks (float offsets) one after another, each 16-byte aligned. */
class Blocks {
  end = 0
  take(floats: number): number {
    const at = this.end
    this.end = align4(this.end + floats)
    return at
  }
}

/**
 * Runs each lane: thread t of T (the caller is 0) takes lanes t, t + T, t + 2T…, so which thread runs a lane
 * depends only on the lane count and the threads. The caller's lanes go straight to the reserve tensor; a
 * helper's reserve is staged in the arena by `stage` and brought back by `collect`. A helper that fails has
 * its lanes rerun here, on the same arena blocks.
 */
function runLanes<J extends { reserve: number }>(
  k: SimdKernels, { lanes, helpers, staged }: LanePlan, jobs: J[], kind: number, fields: readonly (keyof J)[],
  run: (job: J, reserve: Float32Array | null) => void, reserve: Float32Array,
  io: { stage: boolean; collect: boolean },
): void {
  const threads = helpers.length + 1
  const mine = (t: number) => lanes.flatMap((_, i) => (i % threads === t ? [i] : []))
  const heap = k.arena(0)
  const away = (i: number) => ({ ...jobs[i]!, reserve: staged[i]! })
  const size = (i: number) => reserveLength(lanes[i]!.shape)
  helpers.forEach((helper, h) => {
    const ids = mine(h + 1)
    if (io.stage) for (const i of ids) heap.set(reserve.subarray(lanes[i]!.reserve, lanes[i]!.reserve + size(i)), staged[i]!)
    helper.start(kind, encodeLanes(ids.map(away), fields))
  })
  const helped: boolean[] = []
  try {
    for (const i of mine(0)) run({ ...jobs[i]!, reserve: lanes[i]!.reserve }, reserve)
  } finally {
    // Joined even when this thread's lanes throw: the next call lays out the same arena blocks.
    for (const helper of helpers) helped.push(helper.join())
  }
  helpers.forEach((_, h) => {
    const ids = mine(h + 1)
    if (!helped[h]) for (const i of ids) run(away(i), null)
    if (io.collect) for (const i of ids) reserve.set(k.arena(0).subarray(staged[i]!, staged[i]! + size(i)), lanes[i]!.reserve)
  })
}

interface LanePlan {
  lanes: Lane[]
  /** The helpers that run lanes beside this thread (empty: this thread runs every lane). */
  helpers: LstmHelper[]
  /** Per lane, its arena block for the reserve when a helper runs it (0 for this thread's lanes). */
  staged: number[]
}

/**
 * Which helpers run lanes (at most one thread a lane): their reserve blocks are taken last, after every other
 * block, so that a layout whose staged reserves would not fit the shared arena's cap runs on fewer threads
 * instead of failing.
 */
function planHelpers(lanes: Lane[], blocks: Blocks, reserves = true): LanePlan {
  for (let threads = Math.min(lanes.length, 1 + lstmHelpers().length); threads > 1; threads--) {
    const staged = lanes.map((l, i) => (i % threads === 0 || !reserves ? 0 : reserveLength(l.shape)))
    if ((blocks.end + staged.reduce((a, b) => a + align4(b), 0)) * 4 > SHARED_MAX_PAGES * 65536) continue
    return { lanes, helpers: lstmHelpers().slice(0, threads - 1), staged: staged.map((n) => (n === 0 ? 0 : blocks.take(n))) }
  }
  return { lanes, helpers: [], staged: lanes.map(() => 0) }
}

export function lstmForwardSimd(s: LstmShape, x: Float32Array, w: LstmWeights, reserve: Float32Array): void {
  if (reserve.length !== reserveLength(s)) throw new Error(`fusedLstm: reserve has ${reserve.length} values, expected ${reserveLength(s)}`)
  forwardSimd(s, x, w, { reserve })
}

/**
 * The forward pass where nothing will differentiate it (validation, Evaluate, live forecasts): the layer's output
 * alone into `y` ([B × T × H] with `sequences`, else [B × H]), no reserve written. Same numbers as lstmForwardSimd
 * followed by lstmOutputLanes, bit for bit: the same products and cells in the same order, only h's rows placed
 * differently — with `sequences` each lane writes h straight into a batch-major output in the arena.
 */
export function lstmInferSimd(s: LstmShape, x: Float32Array, w: LstmWeights, sequences: boolean, y: Float32Array): void {
  const want = s.batch * (sequences ? s.time : 1) * s.units
  if (y.length !== want) throw new Error(`fusedLstm: y has ${y.length} values, expected ${want}`)
  forwardSimd(s, x, w, { y, sequences })
}

function forwardSimd(s: LstmShape, x: Float32Array, w: LstmWeights, out: { reserve: Float32Array } | { y: Float32Array; sequences: boolean }): void {
  const k = simd()
  if (k === null || s.units % 4 !== 0) throw new Error('fusedLstm: SIMD forward needs wasm SIMD and units % 4 = 0')
  const { batch: B, time: T, inputDim: D, units: H } = s
  const G = 4 * H
  const keep = 'reserve' in out
  const sequenceOut = !keep && out.sequences
  const blocks = new Blocks()
  const lanes = lanesOf(s)
  const maxRows = Math.max(...lanes.map((l) => l.shape.batch))
  // x stays batch-major (one memcpy): step t's rows are read T·D floats apart by the GEMM.
  const at = {
    x: blocks.take(B * T * D), w: blocks.take(D * G), u: blocks.take(H * G), bias: blocks.take(maxRows * G),
    y: blocks.take(sequenceOut ? B * T * H : 0),
  }
  // Per lane, one step's gates, c, h and tc (c and h twice: this step's and the last), copied out to the
  // reserve as each step ends: the cell then writes to cache, not to a T-long plane in memory that a
  // bulk copy would read back (27 MB for the first layer at batch 256). Inference of a sequence writes h into
  // the output's rows instead, which the next step's GEMM reads in place.
  const jobs: ForwardJob[] = lanes.map((lane) => {
    const n = lane.shape.batch
    return {
      rows: n, time: T, inputDim: D, units: H, x: at.x + lane.row * T * D, xRow: T * D, w: at.w, u: at.u, bias: at.bias,
      z: blocks.take(n * G), c: blocks.take(2 * n * H), h: sequenceOut ? at.y + lane.row * T * H : blocks.take(2 * n * H),
      tc: blocks.take(n * H), reserve: 0, keep: keep ? 1 : 0, hStep: sequenceOut ? H : 0, hRow: sequenceOut ? T * H : H,
    }
  })
  const plan = planHelpers(lanes, blocks, keep)
  const heap = k.arena(blocks.end)
  heap.set(x, at.x)
  heap.set(w.kernel, at.w)
  heap.set(w.recurrentKernel, at.u)
  // Rows of bias, by doubling copies (log2 rows calls, not rows); each step starts its gates from them.
  heap.set(w.bias, at.bias)
  for (let filled = 1; filled < maxRows; filled *= 2) {
    heap.copyWithin(at.bias + filled * G, at.bias, at.bias + Math.min(filled, maxRows - filled) * G)
  }
  if (keep) {
    runLanes(k, plan, jobs, FORWARD, FORWARD_FIELDS, (job, to) => forwardLane(k, job, to), out.reserve, { stage: false, collect: true })
    return
  }
  runLanes(k, plan, jobs, FORWARD, FORWARD_FIELDS, (job) => forwardLane(k, job, null), NO_RESERVE, { stage: false, collect: false })
  const done = k.arena(0)
  if (sequenceOut) {
    out.y.set(done.subarray(at.y, at.y + B * T * H))
    return
  }
  // The last step's h of each lane, from the step buffer it ended in.
  lanes.forEach((lane, i) => {
    const n = lane.shape.batch, last = jobs[i]!.h + ((T - 1) & 1) * n * H
    out.y.set(done.subarray(last, last + n * H), lane.row * H)
  })
}

const NO_RESERVE = new Float32Array(0)

export function lstmBackwardSimd(
  s: LstmShape, x: Float32Array, w: Pick<LstmWeights, 'kernel' | 'recurrentKernel'>, reserve: Float32Array,
  dy: Float32Array, sequences: boolean, grads: LstmGrads,
): void {
  const k = simd()
  if (k === null || s.units % 4 !== 0) throw new Error('fusedLstm: SIMD backward needs wasm SIMD and units % 4 = 0')
  const { batch: B, time: T, inputDim: D, units: H } = s
  const G = 4 * H, rows = B * T
  if (reserve.length !== reserveLength(s)) throw new Error(`fusedLstm: reserve has ${reserve.length} values, expected ${reserveLength(s)}`)
  // x and Wᵀ padded with zero columns to Dp = D rounded up to 8, so dW (D rows) and dx (D columns)
  // fit the 4×8 SIMD blocks whole: with D = 13 the leftover row and columns in JS took 20 of 84 ms.
  const Dp = (D + 7) & ~7
  const hasDx = grads.dx !== undefined
  const blocks = new Blocks()
  const lanes = lanesOf(s)
  const at = {
    x: blocks.take(rows * Dp), dy: blocks.take(sequences ? rows * H : B * H), uT: blocks.take(G * H),
    wT: blocks.take(hasDx ? G * Dp : 0), dx: blocks.take(hasDx ? rows * Dp : 0), one: blocks.take(1),
  }
  const dyRow = sequences ? T * H : H
  // Per lane its own step buffers and gradient sums (dW, dU and db adjacent, zeroed by the lane).
  const jobs: BackwardJob[] = lanes.map((lane) => {
    const n = lane.shape.batch
    return {
      rows: n, time: T, inputDim: D, padded: Dp, units: H, sequences: sequences ? 1 : 0, hasDx: hasDx ? 1 : 0,
      x: at.x + lane.row * Dp, xStep: B * Dp, dy: at.dy + lane.row * dyRow, dyRow, uT: at.uT, wT: at.wT, one: at.one,
      g: blocks.take(n * G), cPrev: blocks.take(n * H), tc: blocks.take(n * H), hPrev: blocks.take(n * H),
      dz: blocks.take(n * G), dh: blocks.take(n * H), dc: blocks.take(n * H),
      dW: blocks.take(Dp * G + H * G + 4 * G), dU: 0, db: 0, dx: at.dx + lane.row * T * Dp, reserve: 0,
    }
  })
  for (const j of jobs) {
    j.dU = j.dW + Dp * G
    j.db = j.dU + H * G
  }
  const plan = planHelpers(lanes, blocks)
  const heap = k.arena(blocks.end)
  // dy and dx stay batch-major, read and written with row strides (no transposing copies); x goes
  // time-major for dW, whose rows read batch-major sat a page apart and cost more than the copy.
  toTimeMajorPadded(x, heap, at.x, B, T, D, Dp)
  heap.set(dy, at.dy)
  transpose(w.recurrentKernel, H, G, heap, at.uT)
  if (hasDx) {
    heap.fill(0, at.wT, at.wT + G * Dp)
    for (let d = 0; d < D; d++) for (let g = 0; g < G; g++) heap[at.wT + g * Dp + d] = w.kernel[d * G + g]!
  }
  heap[at.one] = 1
  runLanes(k, plan, jobs, BACKWARD, BACKWARD_FIELDS, (job, src) => backwardLane(k, job, src), reserve, { stage: true, collect: false })

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

/** [B × T × D] → time-major rows of Dp ≥ D floats from `off`, the D..Dp−1 tail zeroed. */
function toTimeMajorPadded(src: Float32Array, dst: Float32Array, off: number, B: number, T: number, D: number, Dp: number): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const from = (b * T + t) * D, to = off + (t * B + b) * Dp
      for (let d = 0; d < D; d++) dst[to + d] = src[from + d]!
      for (let d = D; d < Dp; d++) dst[to + d] = 0
    }
  }
}
