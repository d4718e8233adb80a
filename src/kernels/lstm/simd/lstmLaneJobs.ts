import { gemmJs } from '../../wasm/gemm'
import { reservePlanes } from '../lstmLayout'
import type { SimdKernels } from '../../wasm/types'

/**
 * What either thread runs of the fused LSTM's SIMD path (lstmSimd.ts): one lane's forward or
 * backward pass as a job over arena offsets alone, so the helper thread (lstmThreads.ts) can run
 * it on the shared arena from a row of integers, and the calling thread can run it the same way.
 * The Conv1D gradients (convFilterGrad.ts, convInputGrad.ts) send their blocks of rows the same way.
 */

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

/**
 * A lane job's fields, in the order they travel to the helper; every value an arena offset (floats) or a size.
 * Forward: `keep` 1 writes the reserve (training), 0 nothing (inference). `hStep` 0 keeps h in two step buffers at
 * `h` (rows `hRow` = H floats apart); otherwise step t's h is at h + t·hStep, rows hRow apart — inference writes
 * the output sequence there directly, batch-major (hStep H, hRow T·H), so nothing is copied out per step.
 * `copyY` 1: the lane copies its rows of the layer's output to `y` as it goes (batch-major: step t's h to
 * y + t·yStep, rows T·yStep apart; yStep 0, the last step's h alone, rows H apart), where h is not written there already.
 * Backward: the lane copies its rows of x from the batch-major `xb` into the time-major rows of `padded` floats at `x`
 * before its time loop.
 */
export const FORWARD_FIELDS = [
  'rows', 'time', 'inputDim', 'units', 'x', 'xRow', 'w', 'u', 'bias', 'z', 'c', 'h', 'tc', 'reserve', 'keep', 'hStep', 'hRow',
  'copyY', 'y', 'yStep',
] as const
export const BACKWARD_FIELDS = [
  'rows', 'time', 'inputDim', 'padded', 'units', 'sequences', 'hasDx', 'xb', 'x', 'xStep', 'dy', 'dyRow', 'uT', 'wT', 'one',
  'dz', 'dh', 'dc', 'dW', 'dU', 'db', 'dx', 'reserve',
] as const
/**
 * The Conv1D gradients' jobs (convFilterGrad.ts, convInputGrad.ts), on the same threads: GEMM, a block of rows of
 * C[m × n] = A · B with every operand in the arena (m % 4 = 0, n % 8 = 0, strides in floats, K in the panels the
 * LSTM's products use); GATHER, the input gradient's gather (gatherConv1d) for `batch` samples.
 */
export const GEMM_FIELDS = ['m', 'n', 'k', 'a', 'aRow', 'aK', 'b', 'bK', 'c', 'cRow'] as const
export const GATHER_FIELDS = ['t', 'dx', 'batch', 'width', 'outWidth', 'filterWidth', 'channels'] as const
export type ForwardJob = Record<(typeof FORWARD_FIELDS)[number], number>
export type BackwardJob = Record<(typeof BACKWARD_FIELDS)[number], number>
export type GemmJob = Record<(typeof GEMM_FIELDS)[number], number>
export type GatherJob = Record<(typeof GATHER_FIELDS)[number], number>
export const FORWARD = 1, BACKWARD = 2, GEMM = 3, GATHER = 4
const FIELDS: Record<number, readonly string[]> = { [FORWARD]: FORWARD_FIELDS, [BACKWARD]: BACKWARD_FIELDS, [GEMM]: GEMM_FIELDS, [GATHER]: GATHER_FIELDS }

/** A helper's job: the lane count, then each lane's fields in order (lstmSimd.ts writes it). */
export function encodeLanes<J>(jobs: readonly J[], fields: readonly (keyof J)[]): number[] {
  return [jobs.length, ...jobs.flatMap((j) => fields.map((f) => j[f] as number))]
}

/** Runs a job a helper thread was sent (lstmThread.worker.ts): its lanes in order, on the shared arena. */
export function runLstmJob(k: SimdKernels, kind: number, args: Int32Array, tick?: () => void): void {
  const fields = FIELDS[kind]
  if (fields === undefined) throw new Error(`fusedLstm: unknown helper job ${kind}`)
  for (let lane = 0, at = 1; lane < args[0]!; lane++, at += fields.length) {
    const job = Object.fromEntries(fields.map((f, i) => [f, args[at + i]!]))
    if (kind === FORWARD) forwardLane(k, job as ForwardJob, tick)
    else if (kind === BACKWARD) backwardLane(k, job as BackwardJob, tick)
    else {
      if (kind === GEMM) gemmLane(k, job as GemmJob)
      else gatherLane(k, job as GatherJob)
      tick?.()
    }
  }
}

/**
 * A GEMM job: C = A · B over its rows, the same SIMD products in the same K panels as one call over all rows
 * (m % 4 = 0 and n % 8 = 0, so arenaGemm has no JS edges to do).
 */
export function gemmLane(k: SimdKernels, j: GemmJob): void {
  arenaGemm(k, k.arena(0), j.m, j.n, j.k, j.a, j.aRow, j.aK, j.b, j.bK, j.c, j.cRow, false)
}

/** A GATHER job: gatherConv1d on the arena for its samples. */
export function gatherLane(k: SimdKernels, j: GatherJob): void {
  gatherConv1d(k.arena(0), j.t, k.arena(0), j.dx, j.batch, j.width, j.outWidth, j.filterWidth, j.channels)
}

/**
 * The Conv1D input gradient's gather (one row, stride 1, no left padding): dx[b, iw] = Σ over the ≤ fw output
 * columns ow that read input column iw of T[b, ow, kw = iw − ow] (T's rows fw·ci wide, from `tOff`; dx's rows ci wide,
 * from `dxOff`). Each dx row takes its contributions while it sits in L1, the first setting it, in kw order.
 */
export function gatherConv1d(t: Float32Array, tOff: number, dx: Float32Array, dxOff: number, B: number, W: number, OW: number, fw: number, ci: number): void {
  const cols = fw * ci
  for (let b = 0; b < B; b++) {
    for (let iw = 0; iw < W; iw++) {
      const kwFrom = Math.max(0, iw - OW + 1), kwTo = Math.min(fw, iw + 1)
      const to = dxOff + (b * W + iw) * ci
      let from = tOff + (b * OW + iw - kwFrom) * cols + kwFrom * ci
      for (let c = 0; c < ci; c++) dx[to + c] = t[from + c]!
      for (let kw = kwFrom + 1; kw < kwTo; kw++) {
        from += ci - cols
        for (let c = 0; c < ci; c++) dx[to + c] = dx[to + c]! + t[from + c]!
      }
    }
  }
}

/**
 * One lane's forward pass. Training (`keep` 1) works in the lane's reserve at `reserve`, kept in the arena until
 * its backward pass reads it there: each step's GEMMs write the gates' plane and the cell the c, h and tanh c
 * planes in place, so nothing is copied in or out. Inference (`keep` 0) works in step buffers (z, c twice, tc) and
 * writes h where `hStep`/`hRow` say. `tick` each step.
 */
export function forwardLane(k: SimdKernels, j: ForwardJob, tick?: () => void): void {
  const heap = k.arena(0)
  const B = j.rows, T = j.time, D = j.inputDim, H = j.units
  const G = 4 * H, BH = B * H, bytes = 4, H4 = H * bytes
  const p = reservePlanes({ batch: B, time: T, inputDim: D, units: H })
  const R = j.reserve, keep = j.keep === 1
  const zAt = (t: number) => (keep ? R + p.gates + t * B * G : j.z)
  const cAt = (t: number) => (keep ? R + p.c + t * BH : j.c + (t & 1) * BH)
  const hAt = (t: number) => (keep ? R + p.h + t * BH : j.hStep === 0 ? j.h + (t & 1) * BH : j.h + t * j.hStep)
  const tcAt = (t: number) => (keep ? R + p.tc + t * BH : j.tc)
  const hRow = keep ? H : j.hRow
  const yRow = j.yStep === 0 ? H : T * j.yStep
  for (let t = 0; t < T; t++) {
    // The input projection per step too, not for all T·B rows up front: its rows are then still in cache.
    const z = zAt(t)
    heap.copyWithin(z, j.bias, j.bias + B * G)
    arenaGemm(k, heap, B, G, D, j.x + t * D, j.xRow, 1, j.w, G, z, G, true)
    if (t > 0) arenaGemm(k, heap, B, G, H, hAt(t - 1), hRow, 1, j.u, G, z, G, true)
    k.cellForward(z * bytes, cAt(t > 0 ? t - 1 : 0) * bytes, cAt(t) * bytes, hAt(t) * bytes, tcAt(t) * bytes, B, H4, t > 0 ? 1 : 0, hRow * bytes)
    // h into the output while it is in cache.
    if (j.copyY === 1 && (j.yStep !== 0 || t === T - 1)) k.copyRows(hAt(t) * bytes, hRow * bytes, (j.y + t * j.yStep) * bytes, yRow * bytes, B, H4)
    tick?.()
  }
}

/** One lane's backward pass, reading its reserve in place at `reserve` in the arena. `tick` each step. */
export function backwardLane(k: SimdKernels, j: BackwardJob, tick?: () => void): void {
  const heap = k.arena(0)
  const B = j.rows, T = j.time, D = j.inputDim, Dp = j.padded, H = j.units
  const G = 4 * H, BH = B * H, bytes = 4, H4 = H * bytes
  const sequences = j.sequences === 1
  const p = reservePlanes({ batch: B, time: T, inputDim: D, units: H })
  const R = j.reserve
  heap.fill(0, j.dh, j.dh + BH)
  heap.fill(0, j.dc, j.dc + BH)
  heap.fill(0, j.dW, j.db + 4 * G)
  // x time-major, a step's rows B·Dp... apart: each copied row reads Dp floats where it has D, so the padding
  // columns hold the next row's first values (the caller leaves Dp floats after the batch's last row); they only
  // reach dW's rows D…Dp−1, which nobody reads.
  for (let t = 0; t < T; t++) k.copyRows((j.xb + t * D) * bytes, T * D * bytes, (j.x + t * j.xStep) * bytes, Dp * bytes, B, Dp * bytes)

  // Every product of step t's gate gradients dz_t runs while dz_t (B·4H floats) is still in cache:
  // one buffer for dz, not a T·B·4H plane written out and read back by whole-sequence GEMMs (which
  // cost ~30 % more at batch 256, the plane being 16 MB for the first layer).
  for (let t = T - 1; t >= 0; t--) {
    const step = t * BH
    const dyRow = sequences ? j.dy + t * H : j.dy
    const g = R + p.gates + t * B * G, cPrev = R + p.c + step - BH, hPrev = R + p.h + step - BH
    k.cellBackward(g * bytes, (t > 0 ? cPrev : g) * bytes, (R + p.tc + step) * bytes, j.dz * bytes, j.dh * bytes, j.dc * bytes, dyRow * bytes,
      B, H4, t > 0 ? 1 : 0, sequences || t === T - 1 ? 1 : 0, j.dyRow * bytes)
    if (t > 0) {
      arenaGemm(k, heap, B, H, G, j.dz, G, 1, j.uT, H, j.dh, H, false)
      arenaGemm(k, heap, H, G, B, hPrev, 1, H, j.dz, G, j.dU, G, true)
    }
    arenaGemm(k, heap, Dp, G, B, j.x + t * j.xStep, 1, Dp, j.dz, G, j.dW, G, true)
    // Column sums of dz as a GEMM with a matrix of ones read through zero strides from one float;
    // 4 rows because the SIMD block is 4 rows tall, all equal, the first one kept.
    arenaGemm(k, heap, 4, G, B, j.one, 0, 0, j.dz, G, j.db, G, true)
    if (j.hasDx === 1) arenaGemm(k, heap, B, Dp, G, j.dz, G, 1, j.wT, Dp, j.dx + t * Dp, T * Dp, false)
    tick?.()
  }
}
