import {
  add, bump, fadd, fconst, fmadd, fmul, get, i32, loop, mul, set, shl, sub,
  vload, vloadSplat, vstore, when,
} from './wasmAsm'
import type { Code, WasmFunction } from './types'

/**
 * `gemm(m, n, k, a, aRow, aK, b, bK, c, cRow, acc)`, all i32, pointers and strides in BYTES:
 *
 *   C[i, j] (+)= Σ_k A[i, k] · B[k, j],   A[i, k] at a + i·aRow + k·aK,  B[k, j] at b + k·bK + 4j
 *
 * for m a multiple of 4, n a multiple of 8 and k ≥ 1; callers do the edges. Each 4×8 block of C
 * lives in eight f32x4 accumulators; per k it loads two vectors of B and splats four scalars of
 * A: 16 vector multiply-adds per 6 loads. `gemmFunctionFma` does each multiply-add as one relaxed-SIMD
 * f32x4.relaxed_madd (Chrome ≥ 114; Node 20 only behind a flag): the same FP-pipe work in fewer
 * instructions, which is what bounds the loop on the 2-core Zen test machine.
 */
const M = 0, N = 1, K = 2, A = 3, AROW = 4, AK = 5, B = 6, BK = 7, C = 8, CROW = 9, ACC = 10
const I = 11, J = 12, KK = 13, PA = 14, PB = 15, PC = 16, AROW3 = 17
const V = 18 // accumulators V .. V+7 (row r, half h at V + 2r + h), then B0, B1, X
const B0 = V + 8, B1 = V + 9, X = V + 10

/** acc[r] += splat(A[pa + rowOffset]) · [B0 | B1]. */
function rowUpdate(r: number, rowOffset: Code | null, fma: boolean): Code {
  const addr = rowOffset === null ? get(PA) : add(get(PA), rowOffset)
  const madd = (acc: number, b: number): Code =>
    set(acc, fma ? fmadd(get(X), get(b), get(acc)) : fadd(get(acc), fmul(get(X), get(b))))
  return [...set(X, vloadSplat(addr)), ...madd(V + 2 * r, B0), ...madd(V + 2 * r + 1, B1)]
}

/** Row r of the block to C at pc + r·cRow, adding what C holds there first when acc is set. */
function rowStore(r: number): Code {
  const addr = r === 0 ? get(PC) : add(get(PC), mul(get(CROW), i32(r)))
  const half = (h: number): Code => [
    ...when(get(ACC), set(V + 2 * r + h, fadd(vload(addr, 16 * h), get(V + 2 * r + h)))),
    ...vstore(addr, get(V + 2 * r + h), 16 * h),
  ]
  return [...half(0), ...half(1)]
}

const kLoop = (fma: boolean): Code => [
  // Counts KK down to zero: one compare-and-branch per step, no separate limit.
  0x03, 0x40,
  ...set(B0, vload(get(PB))), ...set(B1, vload(get(PB), 16)),
  ...rowUpdate(0, null, fma),
  ...rowUpdate(1, get(AROW), fma),
  ...rowUpdate(2, shl(get(AROW), i32(1)), fma),
  ...rowUpdate(3, get(AROW3), fma),
  ...bump(PA, get(AK)), ...bump(PB, get(BK)),
  ...set(KK, sub(get(KK), i32(1))), ...get(KK), 0x0d, 0,
  0x0b,
]

const block = (fma: boolean): Code => [
  ...Array.from({ length: 8 }, (_, v) => set(V + v, fconst(0))).flat(),
  ...set(PA, add(get(A), mul(get(I), get(AROW)))),
  ...set(PB, add(get(B), shl(get(J), i32(2)))),
  ...set(KK, get(K)),
  ...kLoop(fma),
  ...set(PC, add(add(get(C), mul(get(I), get(CROW))), shl(get(J), i32(2)))),
  ...rowStore(0), ...rowStore(1), ...rowStore(2), ...rowStore(3),
]

const gemmWith = (fma: boolean): WasmFunction => ({
  name: 'gemm',
  params: 11,
  i32s: 7,
  v128s: 11,
  body: [
    ...set(AROW3, mul(get(AROW), i32(3))),
    ...loop(I, get(M), 4, loop(J, get(N), 8, block(fma))),
  ],
})

export const gemmFunction = gemmWith(false)
export const gemmFunctionFma = gemmWith(true)
