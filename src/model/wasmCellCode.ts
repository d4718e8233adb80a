import {
  type Code, type WasmFunction, add, bump, fadd, fconst, fdiv, fmadd, fmul, fpmax, fpmin, fsub, get, iadd, iconst,
  i32, ishl, loop, mul, set, vif, vload, vstore,
} from './wasmAsm'

/**
 * The LSTM cell's elementwise work for one timestep, four units per f32x4, in wasm SIMD.
 * Same formulas and reserve layout as cellForward / cellBackward in lstmForward.ts and
 * lstmBackward.ts (gates row = [i | f | g | o], H floats each); H must be a multiple of 4.
 *
 * exp is the Cephes expf scheme: n = round(x·log2 e), r = x − n·ln 2 in two parts, a degree-6
 * polynomial in r, times 2ⁿ built in the exponent bits. n is rounded by adding 1.5·2²³, which also
 * leaves it as an integer in the sum's bits (no f32x4.nearest, no float-to-int conversion). Error
 * ~1e-7 relative over [−87, 87]; inputs are clamped there, which moves sigmoid and tanh by less than
 * float32 can show. With `fma` the polynomial runs on relaxed-SIMD multiply-adds.
 */

/**
 * Locals for exp: clamped x, x·log2 e + 1.5·2²³ (n in its low mantissa bits), r, and the constant
 * 1.5·2²³ itself, set once per call: inline, its three uses per exp cost 54 bytes of a 4 KB budget.
 */
interface ExpTemps { x: number; n: number; r: number; rounder: number }

/** 1.5·2²³: adding it rounds to the nearest integer n and leaves n in the low bits of the sum. */
const ROUNDER = 12582912

function vexp(x: Code, t: ExpTemps, fma: boolean): Code {
  const madd = (a: Code, b: Code, c: Code): Code => (fma ? fmadd(a, b, c) : fadd(fmul(a, b), c))
  const poly = [1.987569150e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]
    .reduce<Code | null>((p, c) => (p === null ? fconst(c) : madd(p, get(t.r), fconst(c))), null)!
  // 2ⁿ: the sum's bits shifted left 23 are n·2²³ (the rounder's own bits shift out), plus 127·2²³.
  const twoToN = iadd(ishl(get(t.n), 23), iconst(0x3f800000))
  const n = fsub(get(t.n), get(t.rounder))
  return [
    // pmin/pmax, not min/max: one instruction each, and a NaN input still comes out NaN.
    ...set(t.x, fpmax(fpmin(x, fconst(87)), fconst(-87))),
    ...set(t.n, fadd(fmul(get(t.x), fconst(Math.LOG2E)), get(t.rounder))),
    ...set(t.r, fsub(fsub(get(t.x), fmul(n, fconst(0.693359375))), fmul(n, fconst(-2.12194440e-4)))),
    ...fmul(fadd(madd(poly, fmul(get(t.r), get(t.r)), get(t.r)), fconst(1)), twoToN),
  ]
}

const sigmoid = (x: Code, t: ExpTemps, fma: boolean): Code => fdiv(fconst(1), fadd(fconst(1), vexp(fsub(fconst(0), x), t, fma)))
const tanh = (x: Code, t: ExpTemps, fma: boolean): Code =>
  fsub(fdiv(fconst(2), fadd(fconst(1), vexp(fmul(x, fconst(-2)), t, fma))), fconst(1))
const oneMinus = (x: Code): Code => fsub(fconst(1), x)

// cellForward(gates, cPrev, c, h, tc, B, H4, hasPrev): pointers to step t's rows; H4 = 4·H bytes.
const FZ = 0, FCP = 1, FC = 2, FH = 3, FTC = 4, FB = 5, FH4 = 6, FHAS = 7
const FBI = 8, FJ = 9 // i32 locals
const GI = 10, GF = 11, GG = 12, GO = 13, CV = 14, TC = 15, ft: ExpTemps = { x: 16, n: 17, r: 18, rounder: 19 }

const gateAddr = (base: number, j: number, h4: number, q: number): Code =>
  add(add(get(base), get(j)), q === 0 ? i32(0) : mul(get(h4), i32(q)))

const cellForwardWith = (fma: boolean): WasmFunction => ({
  name: 'cellForward',
  params: 8,
  i32s: 2,
  v128s: 10,
  body: [...set(ft.rounder, fconst(ROUNDER)), ...loop(FBI, get(FB), 1, [
    ...loop(FJ, get(FH4), 16, [
      ...set(GI, sigmoid(vload(gateAddr(FZ, FJ, FH4, 0)), ft, fma)),
      ...set(GF, sigmoid(vload(gateAddr(FZ, FJ, FH4, 1)), ft, fma)),
      ...set(GG, tanh(vload(gateAddr(FZ, FJ, FH4, 2)), ft, fma)),
      ...set(GO, sigmoid(vload(gateAddr(FZ, FJ, FH4, 3)), ft, fma)),
      ...vstore(gateAddr(FZ, FJ, FH4, 0), get(GI)),
      ...vstore(gateAddr(FZ, FJ, FH4, 1), get(GF)),
      ...vstore(gateAddr(FZ, FJ, FH4, 2), get(GG)),
      ...vstore(gateAddr(FZ, FJ, FH4, 3), get(GO)),
      ...set(CV, fadd(fmul(get(GF), vif(get(FHAS), vload(add(get(FCP), get(FJ))), fconst(0))), fmul(get(GI), get(GG)))),
      ...set(TC, tanh(get(CV), ft, fma)),
      ...vstore(add(get(FC), get(FJ)), get(CV)),
      ...vstore(add(get(FTC), get(FJ)), get(TC)),
      ...vstore(add(get(FH), get(FJ)), fmul(get(GO), get(TC))),
    ]),
    ...bump(FZ, mul(get(FH4), i32(4))),
    ...bump(FCP, get(FH4)), ...bump(FC, get(FH4)), ...bump(FH, get(FH4)), ...bump(FTC, get(FH4)),
  ])],
})

export const cellForwardFunction = cellForwardWith(false)
export const cellForwardFunctionFma = cellForwardWith(true)

// cellBackward(gates, cPrev, tc, dz, dh, dc, dy, B, H4, hasPrev, useDy, dyStride): step t's rows, as
// above; dy's rows are dyStride bytes apart, so a batch-major [B × T × H] dy is read in place.
const BZ = 0, BCP = 1, BTC = 2, BDZ = 3, BDH = 4, BDC = 5, BDY = 6, BB = 7, BH4 = 8, BHAS = 9, BUSE = 10, BDYS = 11
const BBI = 12, BJ = 13
const I_ = 14, F_ = 15, G_ = 16, O_ = 17, T_ = 18, DH = 19, DC = 20

export const cellBackwardFunction: WasmFunction = {
  name: 'cellBackward',
  params: 12,
  i32s: 2,
  v128s: 7,
  body: loop(BBI, get(BB), 1, [
    ...loop(BJ, get(BH4), 16, [
      ...set(I_, vload(gateAddr(BZ, BJ, BH4, 0))),
      ...set(F_, vload(gateAddr(BZ, BJ, BH4, 1))),
      ...set(G_, vload(gateAddr(BZ, BJ, BH4, 2))),
      ...set(O_, vload(gateAddr(BZ, BJ, BH4, 3))),
      ...set(T_, vload(add(get(BTC), get(BJ)))),
      ...set(DH, fadd(vload(add(get(BDH), get(BJ))), vif(get(BUSE), vload(add(get(BDY), get(BJ))), fconst(0)))),
      ...set(DC, fadd(vload(add(get(BDC), get(BJ))), fmul(fmul(get(DH), get(O_)), oneMinus(fmul(get(T_), get(T_)))))),
      ...vstore(gateAddr(BDZ, BJ, BH4, 0), fmul(fmul(get(DC), get(G_)), fmul(get(I_), oneMinus(get(I_))))),
      ...vstore(gateAddr(BDZ, BJ, BH4, 1), fmul(fmul(get(DC), vif(get(BHAS), vload(add(get(BCP), get(BJ))), fconst(0))),
        fmul(get(F_), oneMinus(get(F_))))),
      ...vstore(gateAddr(BDZ, BJ, BH4, 2), fmul(fmul(get(DC), get(I_)), oneMinus(fmul(get(G_), get(G_))))),
      ...vstore(gateAddr(BDZ, BJ, BH4, 3), fmul(fmul(get(DH), get(T_)), fmul(get(O_), oneMinus(get(O_))))),
      ...vstore(add(get(BDC), get(BJ)), fmul(get(DC), get(F_))),
    ]),
    ...bump(BZ, mul(get(BH4), i32(4))), ...bump(BDZ, mul(get(BH4), i32(4))),
    ...bump(BCP, get(BH4)), ...bump(BTC, get(BH4)), ...bump(BDH, get(BH4)), ...bump(BDC, get(BH4)), ...bump(BDY, get(BDYS)),
  ]),
}
