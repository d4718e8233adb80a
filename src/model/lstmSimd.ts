import { gemmJs } from './gemm'
import { reservePlanes, transpose } from './lstmLayout'
import { align4, simd, type SimdKernels } from './simdKernels'
import type { LstmGrads, LstmShape, LstmWeights } from './types'

/**
 * lstmForward / lstmBackward with every operand in the wasm arena, so the per-step GEMM and
 * cell kernels run back to back with no copies; inputs are copied in once per call and results
 * out once. Same arguments, same reserve layout and same numbers to float32 rounding as the JS
 * functions, which stay the reference and the fallback. Needs units % 4 = 0 (f32x4 cell kernels).
 */

/** Whether the SIMD drivers apply to this shape here. */
export function simdLstmFits(s: LstmShape): boolean {
  return s.units % 4 === 0 && simd() !== null
}

/** Float offsets of named blocks laid out one after another, each 16-byte aligned. */
function layout<T extends string>(sizes: Record<T, number>): { at: Record<T, number>; end: number } {
  const at = {} as Record<T, number>
  let end = 0
  for (const key of Object.keys(sizes) as T[]) {
    at[key] = end
    end = align4(end + sizes[key])
  }
  return { at, end }
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

export function lstmForwardSimd(s: LstmShape, x: Float32Array, w: LstmWeights, reserve: Float32Array): void {
  const k = simd()
  if (k === null || s.units % 4 !== 0) throw new Error('fusedLstm: SIMD forward needs wasm SIMD and units % 4 = 0')
  const { batch: B, time: T, inputDim: D, units: H } = s
  const G = 4 * H, rows = B * T
  const p = reservePlanes(s)
  // One step's gates, c, h and tc in the arena (c and h twice: this step's and the last), copied out to
  // the reserve as each step ends: the cell then writes to cache, not to a T-long plane in memory
  // that a bulk copy would read back (27 MB for the first layer at batch 256).
  const { at, end } = layout({ x: rows * D, w: D * G, u: H * G, bias: B * G, z: B * G, c: 2 * B * H, h: 2 * B * H, tc: B * H })
  const heap = k.arena(end)
  // x stays batch-major (one memcpy): step t's rows are read T·D floats apart by the GEMM.
  heap.set(x, at.x)
  heap.set(w.kernel, at.w)
  heap.set(w.recurrentKernel, at.u)
  // B rows of bias, by doubling copies (log2 B calls, not B); each step starts its gates from them.
  heap.set(w.bias, at.bias)
  for (let filled = 1; filled < B; filled *= 2) {
    heap.copyWithin(at.bias + filled * G, at.bias, at.bias + Math.min(filled, B - filled) * G)
  }
  const bytes = 4, H4 = H * bytes, BH = B * H
  for (let t = 0; t < T; t++) {
    // The input projection per step too, not for all T·B rows up front, for the same reason.
    const z = at.z, c = at.c + (t & 1) * BH, h = at.h + (t & 1) * BH
    const cPrev = at.c + ((t + 1) & 1) * BH, hPrev = at.h + ((t + 1) & 1) * BH
    heap.copyWithin(z, at.bias, at.bias + B * G)
    arenaGemm(k, heap, B, G, D, at.x + t * D, T * D, 1, at.w, G, z, G, true)
    if (t > 0) arenaGemm(k, heap, B, G, H, hPrev, H, 1, at.u, G, z, G, true)
    k.cellForward(z * bytes, cPrev * bytes, c * bytes, h * bytes, at.tc * bytes, B, H4, t > 0 ? 1 : 0)
    reserve.set(heap.subarray(z, z + B * G), p.gates + t * B * G)
    reserve.set(heap.subarray(c, c + BH), p.c + t * BH)
    reserve.set(heap.subarray(h, h + BH), p.h + t * BH)
    reserve.set(heap.subarray(at.tc, at.tc + BH), p.tc + t * BH)
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
  // x and Wᵀ padded with zero columns to Dp = D rounded up to 8, so dW (D rows) and dx (D columns)
  // fit the 4×8 SIMD blocks whole: with D = 13 the leftover row and columns in JS took 20 of 84 ms.
  const Dp = (D + 7) & ~7
  const p = reservePlanes(s)
  const dx = grads.dx !== undefined
  const { at, end } = layout({
    x: rows * Dp, dy: sequences ? rows * H : B * H, uT: G * H, wT: dx ? G * Dp : 0,
    g: B * G, cPrev: B * H, tc: B * H, hPrev: B * H,
    dz: B * G, dh: B * H, dc: B * H, dW: Dp * G, dU: H * G, db: 4 * G, dx: dx ? rows * Dp : 0, one: 1,
  })
  const heap = k.arena(end)
  // dy and dx stay batch-major, read and written with row strides (no transposing copies); x goes
  // time-major for dW, whose rows read batch-major sat a page apart and cost more than the copy.
  toTimeMajorPadded(x, heap, at.x, B, T, D, Dp)
  heap.set(dy, at.dy)
  transpose(w.recurrentKernel, H, G, heap, at.uT)
  if (dx) {
    heap.fill(0, at.wT, at.wT + G * Dp)
    for (let d = 0; d < D; d++) for (let g = 0; g < G; g++) heap[at.wT + g * Dp + d] = w.kernel[d * G + g]!
  }
  heap.fill(0, at.dh, at.dh + 2 * B * H) // dh and dc carries, adjacent
  heap.fill(0, at.dW, at.db + 4 * G) // dW, dU, db: accumulated step by step, adjacent
  heap[at.one] = 1

  // Every product of step t's gate gradients dz_t runs while dz_t (B·4H floats) is still in cache:
  // one buffer for dz, not a T·B·4H plane written out and read back by whole-sequence GEMMs (which
  // cost ~30 % more at batch 256, the plane being 16 MB for the first layer).
  // The reserve comes in a step at a time, like dz, right before the cell reads it.
  const bytes = 4, H4 = H * bytes, BH = B * H
  for (let t = T - 1; t >= 0; t--) {
    const step = t * BH
    const dyRow = sequences ? at.dy + t * H : at.dy
    heap.set(reserve.subarray(p.gates + t * B * G, p.gates + (t + 1) * B * G), at.g)
    heap.set(reserve.subarray(p.tc + step, p.tc + step + BH), at.tc)
    if (t > 0) {
      heap.set(reserve.subarray(p.c + step - BH, p.c + step), at.cPrev)
      heap.set(reserve.subarray(p.h + step - BH, p.h + step), at.hPrev)
    }
    k.cellBackward(at.g * bytes, at.cPrev * bytes, at.tc * bytes, at.dz * bytes, at.dh * bytes, at.dc * bytes, dyRow * bytes,
      B, H4, t > 0 ? 1 : 0, sequences || t === T - 1 ? 1 : 0, (sequences ? T * H : H) * bytes)
    if (t > 0) {
      arenaGemm(k, heap, B, H, G, at.dz, G, 1, at.uT, H, at.dh, H, false)
      arenaGemm(k, heap, H, G, B, at.hPrev, 1, H, at.dz, G, at.dU, G, true)
    }
    arenaGemm(k, heap, Dp, G, B, at.x + t * B * Dp, 1, Dp, at.dz, G, at.dW, G, true)
    // Column sums of dz as a GEMM with a matrix of ones read through zero strides from one float;
    // 4 rows because the SIMD block is 4 rows tall, all equal, the first one kept.
    arenaGemm(k, heap, 4, G, B, at.one, 0, 0, at.dz, G, at.db, G, true)
    if (dx) arenaGemm(k, heap, B, Dp, G, at.dz, G, 1, at.wT, Dp, at.dx + t * Dp, T * Dp, false)
  }
  grads.dKernel.set(heap.subarray(at.dW, at.dW + D * G))
  grads.dRecurrentKernel.set(heap.subarray(at.dU, at.dU + H * G))
  grads.dBias.set(heap.subarray(at.db, at.db + G))
  if (!dx) return
  if (Dp === D) grads.dx!.set(heap.subarray(at.dx, at.dx + rows * D))
  else for (let r = 0; r < rows; r++) for (let d = 0; d < D; d++) grads.dx![r * D + d] = heap[at.dx + r * Dp + d]!
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
