import {
  add, bump, fadd, fconst, fdiv, fmadd, fmul, fpmax, fpmin, fsub, get, iadd, iconst,
  i32, ishl, loop, mul, set, vif, vload, vstore,
} from './wasmAsm'
import type { Code, WasmFunction } from './types'

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

/** Locals for exp: clamped x, x·log2 e + 1.5·2²³ (n in its low mantissa bits), r. */
interface ExpTemps { x: number; n: number; r: number }

/**
 * Vector constants as locals, set once per call: inline, each v128.const is 18 bytes of the 4 KB
 * budget (13 per exp, 5 exps); pooled, the module shrank by a quarter, to ~2.9 KB.
 */
interface Pool {
  f(x: number): Code
  i(x: number): Code
  /** Sets every constant used so far; call after building the body. */
  prologue(): Code
  size(): number
}

function pool(firstLocal: number): Pool {
  const slots = new Map<string, { local: number; code: Code }>()
  const use = (code: Code): Code => {
    const key = code.join()
    let slot = slots.get(key)
    if (slot === undefined) slots.set(key, (slot = { local: firstLocal + slots.size, code }))
    return get(slot.local)
  }
  return {
    f: (x) => use(fconst(x)),
    i: (x) => use(iconst(x)),
    prologue: () => [...slots.values()].flatMap((s) => set(s.local, s.code)),
    size: () => slots.size,
  }
}

/** 1.5·2²³: adding it rounds to the nearest integer n and leaves n in the low bits of the sum. */
const ROUNDER = 12582912

function vexp(x: Code, t: ExpTemps, k: Pool, fma: boolean): Code {
  const madd = (a: Code, b: Code, c: Code): Code => (fma ? fmadd(a, b, c) : fadd(fmul(a, b), c))
  const poly = [1.987569150e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]
    .reduce<Code | null>((p, c) => (p === null ? k.f(c) : madd(p, get(t.r), k.f(c))), null)!
  // 2ⁿ: the sum's bits shifted left 23 are n·2²³ (the rounder's own bits shift out), plus 127·2²³.
  const twoToN = iadd(ishl(get(t.n), 23), k.i(0x3f800000))
  return [
    // pmin/pmax, not min/max: one instruction each, and a NaN input still comes out NaN.
    ...set(t.x, fpmax(fpmin(x, k.f(87)), k.f(-87))),
    ...set(t.n, fadd(fmul(get(t.x), k.f(Math.LOG2E)), k.f(ROUNDER))),
    // r reuses its local for n's float value first: x − n·ln2 in two parts.
    ...set(t.r, fsub(get(t.n), k.f(ROUNDER))),
    ...set(t.r, fsub(fsub(get(t.x), fmul(get(t.r), k.f(0.693359375))), fmul(get(t.r), k.f(-2.12194440e-4)))),
    ...fmul(fadd(madd(poly, fmul(get(t.r), get(t.r)), get(t.r)), k.f(1)), twoToN),
  ]
}

const sigmoid = (x: Code, t: ExpTemps, k: Pool, fma: boolean): Code => fdiv(k.f(1), fadd(k.f(1), vexp(fsub(k.f(0), x), t, k, fma)))
const tanh = (x: Code, t: ExpTemps, k: Pool, fma: boolean): Code =>
  fsub(fdiv(k.f(2), fadd(k.f(1), vexp(fmul(x, k.f(-2)), t, k, fma))), k.f(1))
const oneMinus = (x: Code): Code => fsub(fconst(1), x)

// cellForward(gates, cPrev, c, h, tc, B, H4, hasPrev, hRow): pointers to step t's rows; H4 = 4·H bytes; h's rows
// hRow bytes apart (H4 in a step buffer; T·H4 where inference writes h straight into a batch-major [B × T × H] output).
const FZ = 0, FCP = 1, FC = 2, FH = 3, FTC = 4, FB = 5, FH4 = 6, FHAS = 7, FHROW = 8
const FBI = 9, FJ = 10 // i32 locals
const GI = 11, GF = 12, GG = 13, GO = 14, CV = 15, TC = 16, ft: ExpTemps = { x: 17, n: 18, r: 19 }
const F_CONSTS = 20 // the constant pool's first local

const gateAddr = (base: number, j: number, h4: number, q: number): Code =>
  add(add(get(base), get(j)), q === 0 ? i32(0) : mul(get(h4), i32(q)))

function cellForwardWith(fma: boolean): WasmFunction {
  const k = pool(F_CONSTS)
  const body = loop(FBI, get(FB), 1, [
    ...loop(FJ, get(FH4), 16, [
      ...set(GI, sigmoid(vload(gateAddr(FZ, FJ, FH4, 0)), ft, k, fma)),
      ...set(GF, sigmoid(vload(gateAddr(FZ, FJ, FH4, 1)), ft, k, fma)),
      ...set(GG, tanh(vload(gateAddr(FZ, FJ, FH4, 2)), ft, k, fma)),
      ...set(GO, sigmoid(vload(gateAddr(FZ, FJ, FH4, 3)), ft, k, fma)),
      ...vstore(gateAddr(FZ, FJ, FH4, 0), get(GI)),
      ...vstore(gateAddr(FZ, FJ, FH4, 1), get(GF)),
      ...vstore(gateAddr(FZ, FJ, FH4, 2), get(GG)),
      ...vstore(gateAddr(FZ, FJ, FH4, 3), get(GO)),
    ]),
    // c, tanh c and h in a second pass over the row: in the same loop, tanh c waited on the gates'
    // four exps (~120 cycles of dependent latency an iteration, more than reordering hides).
    ...loop(FJ, get(FH4), 16, [
      ...set(GI, vload(gateAddr(FZ, FJ, FH4, 0))),
      ...set(GF, vload(gateAddr(FZ, FJ, FH4, 1))),
      ...set(GG, vload(gateAddr(FZ, FJ, FH4, 2))),
      ...set(GO, vload(gateAddr(FZ, FJ, FH4, 3))),
      ...set(CV, fadd(fmul(get(GF), vif(get(FHAS), vload(add(get(FCP), get(FJ))), k.f(0))), fmul(get(GI), get(GG)))),
      ...set(TC, tanh(get(CV), ft, k, fma)),
      ...vstore(add(get(FC), get(FJ)), get(CV)),
      ...vstore(add(get(FTC), get(FJ)), get(TC)),
      ...vstore(add(get(FH), get(FJ)), fmul(get(GO), get(TC))),
    ]),
    ...bump(FZ, mul(get(FH4), i32(4))),
    ...bump(FCP, get(FH4)), ...bump(FC, get(FH4)), ...bump(FH, get(FHROW)), ...bump(FTC, get(FH4)),
  ])
  return { name: 'cellForward', params: 9, i32s: 2, v128s: F_CONSTS - GI + k.size(), body: [...k.prologue(), ...body] }
}

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
