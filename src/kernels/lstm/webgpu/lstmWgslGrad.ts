import { constants, USE_UNIFORMS } from './lstmWgsl'
import type { LstmShape } from '../types'

/**
 * WGSL bodies for FusedLstmGrad on webgpu (wrapping conventions in lstmWgsl.ts). The chain through
 * time runs in one workgroup and writes dz [T·B × 4H], time-major like the reserve; the four
 * gradients are then data-parallel reductions over dz, one dispatch each, as in lstmBackward.ts.
 */

/**
 * Back through all steps: each thread owns CPT cells and keeps their dh and dc carries in
 * registers. Per step it writes dz_t for its cells, waits for every thread's dz_t, then forms
 * dh_{t-1} = dz_t·Uᵀ for its cells. Inputs: res (reserve), dys (dy), rec (U).
 */
export function throughTimeCode(s: LstmShape, sequences: boolean): string {
  const dyTerm = sequences
    ? 'dht += dys[(b * LT + t) * LH + j];'
    : 'if (t == LT - 1) { dht += dys[b * LH + j]; }'
  return `${constants(s)}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    let lid = i32(localIndex);
    var dcr: array<f32, CPT>;
    var dhr: array<f32, CPT>;
    for (var step = 0; step < LT; step++) {
      let t = LT - 1 - step;
      for (var i = 0; i < CPT; i++) {
        let cell = lid + i * WG;
        if (cell < LBH) {
          let b = cell / LH; let j = cell % LH;
          let go = (t * LB + b) * LG + j;
          let ig = res[go]; let fg = res[go + LH]; let gg = res[go + 2 * LH]; let og = res[go + 3 * LH];
          let st = t * LBH + cell;
          let tc = res[PTC + st];
          var cPrev = 0.0;
          if (t > 0) { cPrev = res[PC + st - LBH]; }
          var dht = dhr[i];
          ${dyTerm}
          let dct = dcr[i] + dht * og * (1.0 - tc * tc);
          result[go] = dct * gg * ig * (1.0 - ig);
          result[go + LH] = dct * cPrev * fg * (1.0 - fg);
          result[go + 2 * LH] = dct * ig * (1.0 - gg * gg);
          result[go + 3 * LH] = dht * tc * og * (1.0 - og);
          dcr[i] = dct * fg;
        }
      }
      storageBarrier();
      for (var i = 0; i < CPT; i++) {
        let cell = lid + i * WG;
        if (cell < LBH) {
          let b = cell / LH; let k = cell % LH;
          let zo = (t * LB + b) * LG;
          var acc = 0.0;
          for (var g = 0; g < LG; g++) { acc += result[zo + g] * rec[k * LG + g]; }
          dhr[i] = acc;
        }
      }
    }
  }`
}

/** dx [B, T, D] = dz·Wᵀ, back to batch-major. Inputs: dzs, kern. */
export function inputGradCode(s: LstmShape): string {
  return `${constants(s)}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    if (index >= LB * LT * LD) { return; }
    let b = index / (LT * LD); let t = (index / LD) % LT; let d = index % LD;
    let zo = (t * LB + b) * LG;
    var acc = 0.0;
    for (var g = 0; g < LG; g++) { acc += dzs[zo + g] * kern[d * LG + g]; }
    result[index] = acc;
  }`
}

/** dKernel [D, 4H] = xᵀ·dz over all T·B rows. Inputs: xs, dzs. */
export function kernelGradCode(s: LstmShape): string {
  return `${constants(s)}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    if (index >= LD * LG) { return; }
    let d = index / LG; let g = index % LG;
    var acc = 0.0;
    for (var t = 0; t < LT; t++) {
      for (var b = 0; b < LB; b++) { acc += xs[(b * LT + t) * LD + d] * dzs[(t * LB + b) * LG + g]; }
    }
    result[index] = acc;
  }`
}

/** dRecurrentKernel [H, 4H] = Σ_t h_{t-1}ᵀ·dz_t; row r of dz pairs with h row r − B (t = 0 has h = 0). Inputs: res, dzs. */
export function recurrentGradCode(s: LstmShape): string {
  return `${constants(s)}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    if (index >= LH * LG) { return; }
    let k = index / LG; let g = index % LG;
    var acc = 0.0;
    for (var r = LB; r < LT * LB; r++) { acc += res[PH + (r - LB) * LH + k] * dzs[r * LG + g]; }
    result[index] = acc;
  }`
}

/** dBias [4H]: column sums of dz. Input: dzs. */
export function biasGradCode(s: LstmShape): string {
  return `${constants(s)}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    if (index >= LG) { return; }
    var acc = 0.0;
    for (var r = 0; r < LT * LB; r++) { acc += dzs[r * LG + index]; }
    result[index] = acc;
  }`
}
