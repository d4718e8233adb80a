import { constants, SLICE, USE_UNIFORMS } from './lstmWgsl'
import type { LstmShape } from '../types'

/**
 * WGSL bodies for FusedLstmGrad on webgpu (wrapping conventions in lstmWgsl.ts). The chain through
 * time runs one workgroup a slice of batch rows and writes dz [T·B × 4H], time-major like the reserve;
 * the gradients are then data-parallel reductions over dz, as in lstmBackward.ts: dx one dispatch, each
 * weight gradient one per slice (NS partial sums side by side) and, with more than one slice, one that
 * adds the slices' sums in slice order.
 */

/**
 * Back through all steps for one slice of rows: each thread owns CPT cells of it and keeps their dh and
 * dc carries in registers. Per step it writes dz_t for its cells, waits for the workgroup's dz_t (only
 * its own rows are read), then forms dh_{t-1} = dz_t·Uᵀ for its cells. Inputs: res (reserve), dys (dy), rec (U).
 */
export function throughTimeCode(s: LstmShape, sequences: boolean, rows = s.batch): string {
  const dyTerm = sequences
    ? 'dht += dys[(b * LT + t) * LH + j];'
    : 'if (t == LT - 1) { dht += dys[b * LH + j]; }'
  return `${constants(s, rows)}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    let lid = i32(localIndex);
    ${SLICE}
    var dcr: array<f32, CPT>;
    var dhr: array<f32, CPT>;
    for (var step = 0; step < LT; step++) {
      let t = LT - 1 - step;
      for (var i = 0; i < CPT; i++) {
        let lc = lid + i * WG;
        if (lc < cells) {
          let b = row0 + lc / LH; let j = lc % LH; let cell = b * LH + j;
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
        let lc = lid + i * WG;
        if (lc < cells) {
          let b = row0 + lc / LH; let k = lc % LH;
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

/**
 * A weight gradient's partial sums, one per slice: output [NS × n], slice q's sum at q·n + e for element e,
 * over its rows b and the steps from `firstStep`. `term` is the product for element e at (t, b), with `row`
 * = t·B + b, dz's row.
 */
function slicedSum(s: LstmShape, rows: number, n: string, element: string, firstStep: number, term: string): string {
  return `${constants(s, rows)}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    if (index >= NS * ${n}) { return; }
    let q = index / (${n}); let e = index % (${n});
    ${element}
    let b0 = q * SR; let b1 = min(LB, b0 + SR);
    var acc = 0.0;
    for (var t = ${firstStep}; t < LT; t++) {
      for (var b = b0; b < b1; b++) { let row = t * LB + b; acc += ${term}; }
    }
    result[index] = acc;
  }`
}

/** dKernel [D, 4H] = xᵀ·dz over all T·B rows, per slice. Inputs: xs, dzs. */
export function kernelGradCode(s: LstmShape, rows = s.batch): string {
  return slicedSum(s, rows, 'LD * LG', 'let d = e / LG; let g = e % LG;', 0, 'xs[(b * LT + t) * LD + d] * dzs[row * LG + g]')
}

/** dRecurrentKernel [H, 4H] = Σ_t h_{t-1}ᵀ·dz_t, per slice; dz row t·B + b pairs with h row (t − 1)·B + b (t = 0 has h = 0). Inputs: res, dzs. */
export function recurrentGradCode(s: LstmShape, rows = s.batch): string {
  return slicedSum(s, rows, 'LH * LG', 'let k = e / LG; let g = e % LG;', 1, 'res[PH + (row - LB) * LH + k] * dzs[row * LG + g]')
}

/** dBias [4H]: column sums of dz, per slice. Input: dzs. */
export function biasGradCode(s: LstmShape, rows = s.batch): string {
  return slicedSum(s, rows, 'LG', '', 0, 'dzs[row * LG + e]')
}

/** A weight gradient of `n` elements from its slices' partial sums [NS × n], added in slice order. Input: parts. */
export function sliceSumCode(s: LstmShape, rows: number, n: number): string {
  return `${constants(s, rows)}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    if (index >= ${n}) { return; }
    var acc = parts[index];
    for (var q = 1; q < NS; q++) { acc += parts[q * ${n} + index]; }
    result[index] = acc;
  }`
}
