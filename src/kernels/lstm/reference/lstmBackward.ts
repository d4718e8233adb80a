import { scratch } from '../../backend/scratch'
import { gemm } from '../../wasm/gemm'
import { assertShape, reservePlanes, toBatchMajor, toTimeMajor, transpose } from '../lstmLayout'
import type { LstmGrads, LstmShape, LstmWeights } from '../types'

/**
 * Backpropagation through time for `lstmForward`, given the reserve it wrote.
 *
 * dy is the loss gradient of the layer's output: Float32Array [B × T × H] when `sequences`,
 * else [B × H] for the last step only. Writes every element of `grads` (overwrites, no accumulate);
 * without `grads.dx` the input gradient's GEMM is skipped.
 *
 * Only the chain through time is sequential: per step, the gate gradients dz_t (elementwise) and
 * dh_{t-1} = dz_t·Uᵀ (one small GEMM). The weight gradients are then three GEMMs over all T·B
 * rows of dz at once — dW = xᵀ·dz, dU = h_{t-1}ᵀ·dz, dx = dz·Wᵀ — so no per-step accumulation.
 * Initial state is zero and not trainable, so dh0 and dc0 are not produced.
 */
export function lstmBackward(
  s: LstmShape, x: Float32Array, w: Pick<LstmWeights, 'kernel' | 'recurrentKernel'>, reserve: Float32Array,
  dy: Float32Array, sequences: boolean, grads: LstmGrads,
): void {
  assertShape(s)
  const { batch: B, time: T, inputDim: D, units: H } = s
  const G = 4 * H
  const rows = B * T
  const p = reservePlanes(s)
  const dyLength = sequences ? rows * H : B * H
  if (dy.length !== dyLength) throw new Error(`fusedLstm: dy has ${dy.length} values, expected ${dyLength}`)

  // Uᵀ [4H × H] and Wᵀ [4H × D] packed once, so every GEMM below reads B with contiguous
  // columns, the layout the SIMD kernel vectorises.
  const uT = scratch('bwd.uT', G * H)
  const wT = scratch('bwd.wT', G * D)
  transpose(w.recurrentKernel, H, G, uT, 0)
  transpose(w.kernel, D, G, wT, 0)
  const dz = scratch('bwd.dz', rows * G)
  const dh = scratch('bwd.dh', B * H).fill(0)
  const dc = scratch('bwd.dc', B * H).fill(0)
  for (let t = T - 1; t >= 0; t--) {
    cellBackward(reserve, p, dz, dh, dc, dy, sequences, t, B, T, H)
    // dh_{t-1} = dz_t·Uᵀ overwrites the carry that cellBackward has just consumed.
    if (t > 0) gemm(B, H, G, dz, t * B * G, G, 1, uT, 0, 1, H, dh, 0, H, false)
  }

  const xt = scratch('bwd.xt', rows * D)
  toTimeMajor(x, xt, B, T, D)
  gemm(D, G, rows, xt, 0, 1, D, dz, 0, 1, G, grads.dKernel, 0, G, false)
  // Row t·B + b of dz pairs with h at row (t-1)·B + b: the h plane shifted by one step, t = 0 dropped.
  gemm(H, G, rows - B, reserve, p.h, 1, H, dz, B * G, 1, G, grads.dRecurrentKernel, 0, G, false)
  columnSums(dz, rows, G, grads.dBias)
  if (grads.dx === undefined) return
  const dxt = scratch('bwd.dxt', rows * D)
  gemm(rows, D, G, dz, 0, G, 1, wT, 0, 1, D, dxt, 0, D, false)
  toBatchMajor(dxt, 0, grads.dx, B, T, D)
}

/**
 * One step back through the cell for all B rows: reads dh (carry from t+1, plus dy) and dc,
 * writes the pre-activation gradients dz_t and the new dc carry.
 */
function cellBackward(
  r: Float32Array, p: { gates: number; c: number; tc: number }, dz: Float32Array,
  dh: Float32Array, dc: Float32Array, dy: Float32Array, sequences: boolean,
  t: number, B: number, T: number, H: number,
): void {
  const G = 4 * H
  const hasPrev = t > 0
  const last = t === T - 1
  for (let b = 0; b < B; b++) {
    const z = (t * B + b) * G
    const gz = p.gates + z
    const st = (t * B + b) * H
    const prev = st - B * H
    const dyOff = sequences ? (b * T + t) * H : b * H
    const useDy = sequences || last
    for (let j = 0; j < H; j++) {
      const ig = r[gz + j]!
      const fg = r[gz + H + j]!
      const gg = r[gz + 2 * H + j]!
      const og = r[gz + 3 * H + j]!
      const tc = r[p.tc + st + j]!
      const cPrev = hasPrev ? r[p.c + prev + j]! : 0
      const dht = dh[b * H + j]! + (useDy ? dy[dyOff + j]! : 0)
      const dct = dc[b * H + j]! + dht * og * (1 - tc * tc)
      dz[z + j] = dct * gg * ig * (1 - ig)
      dz[z + H + j] = dct * cPrev * fg * (1 - fg)
      dz[z + 2 * H + j] = dct * ig * (1 - gg * gg)
      dz[z + 3 * H + j] = dht * tc * og * (1 - og)
      dc[b * H + j] = dct * fg
    }
  }
}

/** out[j] = Σ_i m[i, j] for a row-major [rows × cols] matrix, summed in doubles (up to 15 360 rows at batch 256). */
function columnSums(m: Float32Array, rows: number, cols: number, out: Float32Array): void {
  const acc = new Float64Array(cols)
  for (let i = 0; i < rows; i++) {
    const o = i * cols
    for (let j = 0; j < cols; j++) acc[j] = acc[j]! + m[o + j]!
  }
  out.set(acc)
}
