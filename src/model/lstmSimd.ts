import { gemmJs } from './gemm'
import { lanesOf, MIN_SPLIT_BATCH, reserveLength, reservePlanes, transpose, type Lane } from './lstmLayout'
import { lstmHelper, lstmThreads, type LstmHelper } from './lstmThreads'
import { align4, SHARED_MAX_PAGES, simd, type SimdKernels } from './simdKernels'
import type { LstmGrads, LstmShape, LstmWeights } from './types'

/**
 * lstmForwardLanes / lstmBackwardLanes (lstmLanes.ts) with every operand in the wasm arena, so the
 * per-step GEMM and cell kernels run back to back with no copies; inputs are copied in once per
 * call and results out once. Same arguments, same laned reserve and same numbers to float32
 * rounding as the JS functions, which stay the reference and the fallback. Needs units % 4 = 0
 * (f32x4 cell kernels).
 * Each lane is a job over arena offsets alone, so the helper thread (lstmThreads.ts) can run the
 * second lane on the shared arena while this thread runs the first: the helper's lane reads and
 * writes its reserve in the arena, which this thread copies from or to the reserve tensor.
 */

/**
 * Threads a model's fused LSTM layers run on here: 2 where the helper runs and every layer takes
 * the SIMD path (units % 4 = 0) with batches of two lanes (MIN_SPLIT_BATCH rows or more), else 1.
 */
export function fusedLstmThreads(units: readonly number[], batchSize: number): 1 | 2 {
  const all = units.every((u) => simdLstmFits({ batch: batchSize, time: 1, inputDim: 1, units: u }))
  return all && batchSize >= MIN_SPLIT_BATCH ? lstmThreads() : 1
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

/** Rows of K per SIMD call: the B panel a 4-row block sweeps (512 rows × 4H floats) stays in L2. */
const K_PANEL = 512

/**
 * C[m × n] (+)= A · B on arena offsets (floats), B rows contiguous: the 4×8 part in SIMD, K in
 * panels, the edges by the JS loops on the same memory.
 */
function arenaGemm(
  s: SimdKernels, heap: Float32Array, m: number, n: number, k: number,
  a: number, aRow: number, aK: number, b: number, bK: number, c: number, cRow: number, acc: boolean,
): void {
  const m4 = m - (m % 4), n8 = n - (n % 8)
  for (let k0 = 0; k0 < k && m4 > 0 && n8 > 0; k0 += K_PANEL) {
    const kc = Math.min(K_PANEL, k - k0)
    s.gemm(m4, n8, kc, (a + k0 * aK) * 4, aRow * 4, aK * 4, (b + k0 * bK) * 4, bK * 4, c * 4, cRow * 4, acc || k0 > 0 ? 1 : 0)
  }
  if (n8 < n && m4 > 0) gemmJs(m4, n - n8, k, heap, a, aRow, aK, heap, b + n8, 1, bK, heap, c + n8, cRow, acc)
  if (m4 < m) gemmJs(m - m4, n, k, heap, a + m4 * aRow, aRow, aK, heap, b, 1, bK, heap, c + m4 * cRow, cRow, acc)
}

/** A lane job's fields, in the order they travel to the helper; every value an arena offset (floats) or a size. */
const FORWARD_FIELDS = ['rows', 'time', 'inputDim', 'units', 'x', 'xRow', 'w', 'u', 'bias', 'z', 'c', 'h', 'tc', 'reserve'] as const
const BACKWARD_FIELDS = [
  'rows', 'time', 'inputDim', 'padded', 'units', 'sequences', 'hasDx', 'x', 'xStep', 'dy', 'dyRow', 'uT', 'wT', 'one',
  'g', 'cPrev', 'tc', 'hPrev', 'dz', 'dh', 'dc', 'dW', 'dU', 'db', 'dx', 'reserve',
] as const
type ForwardJob = Record<(typeof FORWARD_FIELDS)[number], number>
type BackwardJob = Record<(typeof BACKWARD_FIELDS)[number], number>
const FORWARD = 1, BACKWARD = 2

/** Runs a job the helper thread was sent (lstmThread.worker.ts); its lane's reserve is in the arena. */
export function runLstmJob(k: SimdKernels, kind: number, args: Int32Array, tick?: () => void): void {
  const decode = <F extends readonly string[]>(fields: F) =>
    Object.fromEntries(fields.map((f, i) => [f, args[i]!])) as Record<F[number], number>
  if (kind === FORWARD) forwardLane(k, decode(FORWARD_FIELDS), null, tick)
  else if (kind === BACKWARD) backwardLane(k, decode(BACKWARD_FIELDS), null, tick)
  else throw new Error(`fusedLstm: unknown helper job ${kind}`)
}

/** heap[to..] = from[at..at+n], from being the reserve tensor or (null) the arena itself. */
function copyIn(heap: Float32Array, to: number, from: Float32Array | null, at: number, n: number): void {
  if (from === null) heap.copyWithin(to, at, at + n)
  else heap.set(from.subarray(at, at + n), to)
}

/** to[at..] = heap[from..from+n], `to` being the reserve tensor or (null) the arena itself. */
function copyOut(heap: Float32Array, from: number, to: Float32Array | null, at: number, n: number): void {
  if (to === null) heap.copyWithin(at, from, from + n)
  else to.set(heap.subarray(from, from + n), at)
}

/**
 * Runs each lane: the second on the helper where there is one (its reserve staged in the arena by
 * `stage` and brought back by `collect`), else every lane here, straight on the reserve tensor.
 */
function runLanes<J extends { reserve: number }>(
  k: SimdKernels, { lanes, helper, helperReserve }: LanePlan, jobs: J[], kind: number, fields: readonly (keyof J)[],
  run: (job: J, reserve: Float32Array | null) => void, reserve: Float32Array,
  io: { stage: boolean; collect: boolean },
): void {
  if (helper === null) {
    lanes.forEach((lane, i) => run({ ...jobs[i]!, reserve: lane.reserve }, reserve))
    return
  }
  const second = lanes[1]!, n = reserveLength(second.shape)
  const heap = k.arena(0)
  if (io.stage) heap.set(reserve.subarray(second.reserve, second.reserve + n), helperReserve)
  const job = { ...jobs[1]!, reserve: helperReserve }
  helper.start(kind, fields.map((f) => job[f] as number))
  let helped = false
  try {
    run({ ...jobs[0]!, reserve: lanes[0]!.reserve }, reserve)
  } finally {
    // Joined even when this lane throws: the next call lays out the same arena blocks.
    helped = helper.join()
  }
  if (!helped) run(job, null)
  if (io.collect) reserve.set(k.arena(0).subarray(helperReserve, helperReserve + n), second.reserve)
}

interface LanePlan {
  lanes: Lane[]
  /** The helper that runs the second lane, or null: this thread runs every lane. */
  helper: LstmHelper | null
  /** Arena block for the helper's lane reserve (0 without a helper). */
  helperReserve: number
}

/**
 * Whether the helper runs the second lane: taken last, after every other block, so that a layout
 * whose helper reserve would not fit the shared arena's cap runs on one thread instead of failing.
 */
function planHelper(lanes: Lane[], blocks: Blocks): LanePlan {
  let helper = lanes.length > 1 ? lstmHelper() : null
  const n = lanes.length > 1 ? reserveLength(lanes[1]!.shape) : 0
  if (helper !== null && (blocks.end + n) * 4 > SHARED_MAX_PAGES * 65536) helper = null
  return { lanes, helper, helperReserve: helper === null ? 0 : blocks.take(n) }
}

export function lstmForwardSimd(s: LstmShape, x: Float32Array, w: LstmWeights, reserve: Float32Array): void {
  const k = simd()
  if (k === null || s.units % 4 !== 0) throw new Error('fusedLstm: SIMD forward needs wasm SIMD and units % 4 = 0')
  const { batch: B, time: T, inputDim: D, units: H } = s
  const G = 4 * H
  const blocks = new Blocks()
  const lanes = lanesOf(s)
  const maxRows = Math.max(...lanes.map((l) => l.shape.batch))
  // x stays batch-major (one memcpy): step t's rows are read T·D floats apart by the GEMM.
  const at = { x: blocks.take(B * T * D), w: blocks.take(D * G), u: blocks.take(H * G), bias: blocks.take(maxRows * G) }
  // Per lane, one step's gates, c, h and tc (c and h twice: this step's and the last), copied out to the
  // reserve as each step ends: the cell then writes to cache, not to a T-long plane in memory that a
  // bulk copy would read back (27 MB for the first layer at batch 256).
  const jobs: ForwardJob[] = lanes.map((lane) => {
    const n = lane.shape.batch
    return {
      rows: n, time: T, inputDim: D, units: H, x: at.x + lane.row * T * D, xRow: T * D, w: at.w, u: at.u, bias: at.bias,
      z: blocks.take(n * G), c: blocks.take(2 * n * H), h: blocks.take(2 * n * H), tc: blocks.take(n * H), reserve: 0,
    }
  })
  const plan = planHelper(lanes, blocks)
  const heap = k.arena(blocks.end)
  heap.set(x, at.x)
  heap.set(w.kernel, at.w)
  heap.set(w.recurrentKernel, at.u)
  // Rows of bias, by doubling copies (log2 rows calls, not rows); each step starts its gates from them.
  heap.set(w.bias, at.bias)
  for (let filled = 1; filled < maxRows; filled *= 2) {
    heap.copyWithin(at.bias + filled * G, at.bias, at.bias + Math.min(filled, maxRows - filled) * G)
  }
  if (reserve.length !== reserveLength(s)) throw new Error(`fusedLstm: reserve has ${reserve.length} values, expected ${reserveLength(s)}`)
  runLanes(k, plan, jobs, FORWARD, FORWARD_FIELDS, (job, out) => forwardLane(k, job, out), reserve, { stage: false, collect: true })
}

/** One lane's forward pass; its reserve goes to `out` from `job.reserve` (null: the arena). `tick` each step. */
function forwardLane(k: SimdKernels, j: ForwardJob, out: Float32Array | null, tick?: () => void): void {
  const heap = k.arena(0)
  const B = j.rows, T = j.time, D = j.inputDim, H = j.units
  const G = 4 * H, BH = B * H, bytes = 4, H4 = H * bytes
  const p = reservePlanes({ batch: B, time: T, inputDim: D, units: H })
  for (let t = 0; t < T; t++) {
    // The input projection per step too, not for all T·B rows up front, for the same reason.
    const z = j.z, c = j.c + (t & 1) * BH, h = j.h + (t & 1) * BH
    const cPrev = j.c + ((t + 1) & 1) * BH, hPrev = j.h + ((t + 1) & 1) * BH
    heap.copyWithin(z, j.bias, j.bias + B * G)
    arenaGemm(k, heap, B, G, D, j.x + t * D, j.xRow, 1, j.w, G, z, G, true)
    if (t > 0) arenaGemm(k, heap, B, G, H, hPrev, H, 1, j.u, G, z, G, true)
    k.cellForward(z * bytes, cPrev * bytes, c * bytes, h * bytes, j.tc * bytes, B, H4, t > 0 ? 1 : 0)
    copyOut(heap, z, out, j.reserve + p.gates + t * B * G, B * G)
    copyOut(heap, c, out, j.reserve + p.c + t * BH, BH)
    copyOut(heap, h, out, j.reserve + p.h + t * BH, BH)
    copyOut(heap, j.tc, out, j.reserve + p.tc + t * BH, BH)
    tick?.()
  }
}

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
  const plan = planHelper(lanes, blocks)
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
  const [first, second] = jobs as [BackwardJob, BackwardJob?]
  const sum = (target: Float32Array, from: keyof BackwardJob, n: number) => {
    const a = first[from]
    if (second === undefined) {
      target.set(out.subarray(a, a + n))
      return
    }
    const b = second[from]
    for (let i = 0; i < n; i++) target[i] = out[a + i]! + out[b + i]!
  }
  sum(grads.dKernel, 'dW', D * G)
  sum(grads.dRecurrentKernel, 'dU', H * G)
  sum(grads.dBias, 'db', G)
  if (!hasDx) return
  if (Dp === D) grads.dx!.set(out.subarray(at.dx, at.dx + rows * D))
  else for (let r = 0; r < rows; r++) for (let d = 0; d < D; d++) grads.dx![r * D + d] = out[at.dx + r * Dp + d]!
}

/** One lane's backward pass; its reserve comes from `src` at `job.reserve` (null: the arena). `tick` each step. */
function backwardLane(k: SimdKernels, j: BackwardJob, src: Float32Array | null, tick?: () => void): void {
  const heap = k.arena(0)
  const B = j.rows, T = j.time, D = j.inputDim, Dp = j.padded, H = j.units
  const G = 4 * H, BH = B * H, bytes = 4, H4 = H * bytes
  const sequences = j.sequences === 1
  const p = reservePlanes({ batch: B, time: T, inputDim: D, units: H })
  heap.fill(0, j.dh, j.dh + BH)
  heap.fill(0, j.dc, j.dc + BH)
  heap.fill(0, j.dW, j.db + 4 * G)

  // Every product of step t's gate gradients dz_t runs while dz_t (B·4H floats) is still in cache:
  // one buffer for dz, not a T·B·4H plane written out and read back by whole-sequence GEMMs (which
  // cost ~30 % more at batch 256, the plane being 16 MB for the first layer).
  // The reserve comes in a step at a time, like dz, right before the cell reads it.
  for (let t = T - 1; t >= 0; t--) {
    const step = t * BH
    const dyRow = sequences ? j.dy + t * H : j.dy
    copyIn(heap, j.g, src, j.reserve + p.gates + t * B * G, B * G)
    copyIn(heap, j.tc, src, j.reserve + p.tc + step, BH)
    if (t > 0) {
      copyIn(heap, j.cPrev, src, j.reserve + p.c + step - BH, BH)
      copyIn(heap, j.hPrev, src, j.reserve + p.h + step - BH, BH)
    }
    k.cellBackward(j.g * bytes, j.cPrev * bytes, j.tc * bytes, j.dz * bytes, j.dh * bytes, j.dc * bytes, dyRow * bytes,
      B, H4, t > 0 ? 1 : 0, sequences || t === T - 1 ? 1 : 0, j.dyRow * bytes)
    if (t > 0) {
      arenaGemm(k, heap, B, H, G, j.dz, G, 1, j.uT, H, j.dh, H, false)
      arenaGemm(k, heap, H, G, B, j.hPrev, 1, H, j.dz, G, j.dU, G, true)
    }
    arenaGemm(k, heap, Dp, G, B, j.x + t * j.xStep, 1, Dp, j.dz, G, j.dW, G, true)
    // Column sums of dz as a GEMM with a matrix of ones read through zero strides from one float;
    // 4 rows because the SIMD block is 4 rows tall, all equal, the first one kept.
    arenaGemm(k, heap, 4, G, B, j.one, 0, 0, j.dz, G, j.db, G, true)
    if (j.hasDx === 1) arenaGemm(k, heap, B, Dp, G, j.dz, G, 1, j.wT, Dp, j.dx + t * Dp, T * Dp, false)
    tick?.()
  }
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
