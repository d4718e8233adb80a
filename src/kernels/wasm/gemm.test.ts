import { afterAll, describe, expect, it } from 'vitest'
import { seededRng } from '../../util/rng'
import { gemm } from './gemm'
import { setSimdEnabled, simd } from './simdKernels'

afterAll(() => setSimdEnabled(true))

function randomArray(n: number, seed: number): Float32Array {
  const r = seededRng(seed)
  return Float32Array.from({ length: n }, () => r() * 2 - 1)
}

describe('gemm', () => {
  it('multiplies a 2×3 by a 3×2 worked out by hand', () => {
    // A = [[1, 2, 3], [4, 5, 6]], B given as Bᵀ rows: columns of [[7, 8], [9, 10], [11, 12]].
    const a = Float32Array.of(1, 2, 3, 4, 5, 6)
    const bt = Float32Array.of(7, 9, 11, 8, 10, 12)
    const c = new Float32Array(4)
    gemm(2, 2, 3, a, 0, 3, 1, bt, 0, 3, 1, c, 0, 2, false)
    // 1·7 + 2·9 + 3·11 = 58, 1·8 + 2·10 + 3·12 = 64, 4·7 + 5·9 + 6·11 = 139, 4·8 + 5·10 + 6·12 = 154
    expect(Array.from(c)).toEqual([58, 64, 139, 154])
    gemm(2, 2, 3, a, 0, 3, 1, bt, 0, 3, 1, c, 0, 2, true)
    expect(Array.from(c)).toEqual([116, 128, 278, 308])
  })

  it('reads B through a stride swap: A · B with B row-major [k × n]', () => {
    const a = Float32Array.of(1, 2, 3, 4, 5, 6)
    const b = Float32Array.of(7, 8, 9, 10, 11, 12)
    const c = new Float32Array(4)
    gemm(2, 2, 3, a, 0, 3, 1, b, 0, 1, 2, c, 0, 2, false)
    expect(Array.from(c)).toEqual([58, 64, 139, 154])
  })

  it('has the wasm SIMD kernels in Node 20, so the cases below run both paths', () => {
    expect(simd()).not.toBeNull()
  })

  // SIMD takes bRow = 1 with m ≥ 4, n ≥ 8 and ≥ 8192 multiply-adds; [12, 16, 100] is all SIMD,
  // [13, 19, 700] SIMD with both edges in JS and two K panels, the small ones JS only.
  it.each([
    [true, 1, 1, 1], [true, 5, 3, 7], [true, 4, 2, 600], [true, 9, 7, 1100], [true, 3, 5, 2],
    [true, 12, 16, 100], [true, 13, 19, 700], [false, 12, 16, 100], [false, 13, 19, 700],
  ])('simd=%s: matches a float64 triple loop on strided views, m=%i n=%i k=%i', (useSimd, m, n, k) => {
    setSimdEnabled(useSimd)
    // A stored transposed (column-major) with padding, B row-major [k × n] with padding, C padded.
    const aLd = m + 3, bLd = n + 1, cLd = n + 2
    const a = randomArray(k * aLd + 5, 1)
    const b = randomArray(k * bLd + 4, 2)
    const c = randomArray(m * cLd + 3, 3)
    const before = Float32Array.from(c)
    gemm(m, n, k, a, 5, 1, aLd, b, 4, 1, bLd, c, 3, cLd, true)
    let worst = 0
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = before[3 + i * cLd + j]!
        for (let kk = 0; kk < k; kk++) s += a[5 + i + kk * aLd]! * b[4 + j + kk * bLd]!
        worst = Math.max(worst, Math.abs(s - c[3 + i * cLd + j]!) / Math.max(1, Math.abs(s)))
      }
      // Padding between rows of C is left alone.
      for (let j = n; j < cLd && 3 + i * cLd + j < c.length; j++) {
        expect(c[3 + i * cLd + j]).toBe(before[3 + i * cLd + j])
      }
    }
    expect(worst).toBeLessThan(1e-5)
  })

  it('overwrites C when k is 0 and accumulate is off', () => {
    const c = Float32Array.of(1, 2, 3)
    gemm(1, 3, 0, new Float32Array(0), 0, 0, 1, new Float32Array(0), 0, 0, 1, c, 0, 3, false)
    expect(Array.from(c)).toEqual([0, 0, 0])
  })
})
