import {
  type Code, type WasmFunction, add, bump, fadd, fconst, fmul, get, i32, loop, mul, set, shl, sub,
  vload, vloadSplat, vstore, when,
} from './wasmAsm'

/**
 * `gemm(m, n, k, a, aRow, aK, b, bK, c, cRow, acc)`, all i32, pointers and strides in BYTES:
 *
 *   C[i, j] (+)= Σ_k A[i, k] · B[k, j],   A[i, k] at a + i·aRow + k·aK,  B[k, j] at b + k·bK + 4j
 *
 * for m a multiple of 4, n a multiple of 8 and k ≥ 1; callers do the edges. Each 4×8 block of C
 * lives in eight f32x4 accumulators; per k it loads two vectors of B and splats four scalars of
 * A: 16 vector multiply-adds per 6 loads. No FMA: relaxed SIMD is not on by default anywhere.
 */
const M = 0, N = 1, K = 2, A = 3, AROW = 4, AK = 5, B = 6, BK = 7, C = 8, CROW = 9, ACC = 10
const I = 11, J = 12, KK = 13, PA = 14, PB = 15, PC = 16, AROW3 = 17
const V = 18 // accumulators V .. V+7 (row r, half h at V + 2r + h), then B0, B1, X
const B0 = V + 8, B1 = V + 9, X = V + 10

/** acc[r] += splat(A[pa + rowOffset]) · [B0 | B1]. */
function rowUpdate(r: number, rowOffset: Code | null): Code {
  const addr = rowOffset === null ? get(PA) : add(get(PA), rowOffset)
  return [
    ...set(X, vloadSplat(addr)),
    ...set(V + 2 * r, fadd(get(V + 2 * r), fmul(get(X), get(B0)))),
    ...set(V + 2 * r + 1, fadd(get(V + 2 * r + 1), fmul(get(X), get(B1)))),
  ]
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

const kLoop: Code = [
  // Counts KK down to zero: one compare-and-branch per step, no separate limit.
  0x03, 0x40,
  ...set(B0, vload(get(PB))), ...set(B1, vload(get(PB), 16)),
  ...rowUpdate(0, null),
  ...rowUpdate(1, get(AROW)),
  ...rowUpdate(2, shl(get(AROW), i32(1))),
  ...rowUpdate(3, get(AROW3)),
  ...bump(PA, get(AK)), ...bump(PB, get(BK)),
  ...set(KK, sub(get(KK), i32(1))), ...get(KK), 0x0d, 0,
  0x0b,
]

const block: Code = [
  ...Array.from({ length: 8 }, (_, v) => set(V + v, fconst(0))).flat(),
  ...set(PA, add(get(A), mul(get(I), get(AROW)))),
  ...set(PB, add(get(B), shl(get(J), i32(2)))),
  ...set(KK, get(K)),
  ...kLoop,
  ...set(PC, add(add(get(C), mul(get(I), get(CROW))), shl(get(J), i32(2)))),
  ...rowStore(0), ...rowStore(1), ...rowStore(2), ...rowStore(3),
]

export const gemmFunction: WasmFunction = {
  name: 'gemm',
  params: 11,
  i32s: 7,
  v128s: 11,
  body: [
    ...set(AROW3, mul(get(AROW), i32(3))),
    ...loop(I, get(M), 4, loop(J, get(N), 8, block)),
  ],
}
