/**
 * One strided matrix product over Float32Arrays, the only GEMM the fused LSTM needs:
 *
 *   C[i, j] (+)= Σ_k A[i, k] · B[j, k]
 *
 * Each operand is a view given by an offset and two strides in elements, so a transpose is a
 * stride swap, not a copy: A[i, k] = a[aOff + i·aRow + k·aK], B[j, k] = b[bOff + j·bRow + k·bK],
 * C[i, j] = c[cOff + i·cRow + j]. "B[j, k]" (not B[k, j]) keeps the call sites reading as
 * "rows of A dotted with rows of B".
 *
 * Why this shape: V8 emits scalar double arithmetic, so speed comes from register blocking, not
 * from loop order. A 4×2 block of C in eight local accumulators loads 6 floats per 8 multiply-adds
 * and measured ~4 GFLOP/s on Zen 4 for every stride pattern the LSTM uses (contiguous or strided
 * K alike), against ~1.1 GFLOP/s for the textbook i-k-j loop. Wider blocks spill registers.
 * K is cut into panels so the strips of A and B a block walks stay in L2 at large batch.
 */

import { align4, scratchStart, simd, simdGemmBlock } from './simdKernels'
import type { SimdKernels } from './types'

/** Rows of K per panel: a 4-row strip of a 256-wide row-major operand is then 256 cache lines. */
const K_PANEL = 512

/** Below this many multiply-adds the copies in and out of wasm memory cost more than they save. */
export const SIMD_MIN_WORK = 8192

/**
 * C (+)= A · Bᵀ on strided views; `accumulate` false overwrites C.
 * Shapes: A [m × k], B [n × k], C [m × n]. Allocates nothing on the JS path.
 *
 * When B's j axis is contiguous (bRow = 1, i.e. B is row-major [k × n]) and wasm SIMD is there,
 * the 4×8-divisible block goes to `simdGemmBlock` and only the edges stay in JS; in float32
 * accumulators, so results differ from the JS path by rounding (~1e-6 relative).
 */
export function gemm(
  m: number, n: number, k: number,
  a: Float32Array, aOff: number, aRow: number, aK: number,
  b: Float32Array, bOff: number, bRow: number, bK: number,
  c: Float32Array, cOff: number, cRow: number,
  accumulate: boolean,
): void {
  const s = bRow === 1 && m >= 4 && n >= 8 && k > 0 && m * n * k >= SIMD_MIN_WORK ? simd() : null
  if (s !== null) {
    const m4 = m - (m % 4), n8 = n - (n % 8)
    for (let k0 = 0; k0 < k; k0 += K_PANEL) {
      const kc = Math.min(K_PANEL, k - k0)
      simdGemmBlock(s, m4, n8, kc, a, aOff + k0 * aK, aRow, aK, b, bOff + k0 * bK, bK, c, cOff, cRow, accumulate || k0 > 0)
    }
    if (n8 < n) gemmJs(m4, n - n8, k, a, aOff, aRow, aK, b, bOff + n8, 1, bK, c, cOff + n8, cRow, accumulate)
    if (m4 === m) return
    const rest = m - m4, restA = aOff + m4 * aRow, restC = cOff + m4 * cRow
    if (n8 > 0 && rest * n8 * k >= SIMD_MIN_WORK) {
      simdEdgeRows(s, rest, n8, k, a, restA, aRow, aK, b, bOff, bK, c, restC, cRow, accumulate)
      if (n8 < n) gemmJs(rest, n - n8, k, a, restA, aRow, aK, b, bOff + n8, 1, bK, c, restC + n8, cRow, accumulate)
    } else {
      gemmJs(rest, n, k, a, restA, aRow, aK, b, bOff, 1, bK, c, restC, cRow, accumulate)
    }
    return
  }
  gemmJs(m, n, k, a, aOff, aRow, aK, b, bOff, bRow, bK, c, cOff, cRow, accumulate)
}

/**
 * The last m % 4 rows of A (1 to 3) through the SIMD kernel, as a 4-row strip packed k-major with zero
 * rows added; only the real rows of C are written back. With a long K these rows in JS cost more than
 * all the rest: 3 of Conv1D's 39 filter-gradient rows over K = 15 358 took 3 of its 4 ms.
 */
function simdEdgeRows(
  s: SimdKernels, rows: number, n: number, k: number,
  a: Float32Array, aOff: number, aRow: number, aK: number,
  b: Float32Array, bOff: number, bK: number,
  c: Float32Array, cOff: number, cRow: number,
  accumulate: boolean,
): void {
  for (let k0 = 0; k0 < k; k0 += K_PANEL) {
    const kc = Math.min(K_PANEL, k - k0)
    const bLen = (kc - 1) * bK + n
    const pa = scratchStart(), pb = align4(pa + kc * 4), pc = align4(pb + bLen)
    const heap = s.arena(pc + 4 * n)
    for (let kk = 0; kk < kc; kk++) {
      const from = aOff + (k0 + kk) * aK
      for (let r = 0; r < 4; r++) heap[pa + kk * 4 + r] = r < rows ? a[from + r * aRow]! : 0
    }
    heap.set(b.subarray(bOff + k0 * bK, bOff + k0 * bK + bLen), pb)
    const acc = accumulate || k0 > 0
    if (acc) for (let r = 0; r < rows; r++) heap.set(c.subarray(cOff + r * cRow, cOff + r * cRow + n), pc + r * n)
    s.gemm(4, n, kc, pa * 4, 4, 16, pb * 4, bK * 4, pc * 4, n * 4, acc ? 1 : 0)
    for (let r = 0; r < rows; r++) c.set(heap.subarray(pc + r * n, pc + (r + 1) * n), cOff + r * cRow)
  }
}

/** The scalar path: `gemm()` without SIMD, same arguments. */
export function gemmJs(
  m: number, n: number, k: number,
  a: Float32Array, aOff: number, aRow: number, aK: number,
  b: Float32Array, bOff: number, bRow: number, bK: number,
  c: Float32Array, cOff: number, cRow: number,
  accumulate: boolean,
): void {
  if (k === 0) {
    if (!accumulate) for (let i = 0; i < m; i++) c.fill(0, cOff + i * cRow, cOff + i * cRow + n)
    return
  }
  for (let k0 = 0; k0 < k; k0 += K_PANEL) {
    const kc = Math.min(K_PANEL, k - k0)
    panel(m, n, kc, a, aOff + k0 * aK, aRow, aK, b, bOff + k0 * bK, bRow, bK, c, cOff, cRow, accumulate || k0 > 0)
  }
}

function panel(
  m: number, n: number, k: number,
  a: Float32Array, aOff: number, aRow: number, aK: number,
  b: Float32Array, bOff: number, bRow: number, bK: number,
  c: Float32Array, cOff: number, cRow: number,
  acc: boolean,
): void {
  const m4 = m - (m % 4)
  const n2 = n - (n % 2)
  for (let i = 0; i < m4; i += 4) {
    const ai = aOff + i * aRow
    for (let j = 0; j < n2; j += 2) {
      let pa = ai
      let pb = bOff + j * bRow
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0
      for (let kk = 0; kk < k; kk++) {
        const w0 = b[pb]!
        const w1 = b[pb + bRow]!
        let x = a[pa]!
        s00 += x * w0; s01 += x * w1
        x = a[pa + aRow]!
        s10 += x * w0; s11 += x * w1
        x = a[pa + 2 * aRow]!
        s20 += x * w0; s21 += x * w1
        x = a[pa + 3 * aRow]!
        s30 += x * w0; s31 += x * w1
        pa += aK
        pb += bK
      }
      let o = cOff + i * cRow + j
      if (acc) {
        c[o] = c[o]! + s00; c[o + 1] = c[o + 1]! + s01; o += cRow
        c[o] = c[o]! + s10; c[o + 1] = c[o + 1]! + s11; o += cRow
        c[o] = c[o]! + s20; c[o + 1] = c[o + 1]! + s21; o += cRow
        c[o] = c[o]! + s30; c[o + 1] = c[o + 1]! + s31
      } else {
        c[o] = s00; c[o + 1] = s01; o += cRow
        c[o] = s10; c[o + 1] = s11; o += cRow
        c[o] = s20; c[o + 1] = s21; o += cRow
        c[o] = s30; c[o + 1] = s31
      }
    }
  }
  // Edges: the last column when n is odd (rows already blocked), then the last m % 4 rows.
  if (n2 < n) edge(0, m4, n2, n, k, a, aOff, aRow, aK, b, bOff, bRow, bK, c, cOff, cRow, acc)
  if (m4 < m) edge(m4, m, 0, n, k, a, aOff, aRow, aK, b, bOff, bRow, bK, c, cOff, cRow, acc)
}

/** Plain dot products for the rows [i0, i1) × columns [j0, j1) the 4×2 blocks leave over. */
function edge(
  i0: number, i1: number, j0: number, j1: number, k: number,
  a: Float32Array, aOff: number, aRow: number, aK: number,
  b: Float32Array, bOff: number, bRow: number, bK: number,
  c: Float32Array, cOff: number, cRow: number,
  acc: boolean,
): void {
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j++) {
      let pa = aOff + i * aRow
      let pb = bOff + j * bRow
      let s = 0
      for (let kk = 0; kk < k; kk++) {
        s += a[pa]! * b[pb]!
        pa += aK
        pb += bK
      }
      const o = cOff + i * cRow + j
      c[o] = acc ? c[o]! + s : s
    }
  }
}
