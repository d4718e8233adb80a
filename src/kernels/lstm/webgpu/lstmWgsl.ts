import { reservePlanes } from '../lstmLayout'
import type { LstmShape } from '../types'

/**
 * WGSL bodies for the FusedLstm / FusedLstmGrad programs on the webgpu backend. tfjs-backend-webgpu
 * wraps each body with the bindings: `result` (the output, read_write) and one read-only
 * `array<f32>` per input, named as the program's variableNames; it calls `main(index)` with the
 * flat global invocation index. Sizes are baked in as constants, so every shader key names them.
 *
 * The math and the reserve layout (gates | c | h | tc, time-major) are those of lstmForward.ts and
 * lstmBackward.ts; the JS there is the reference these shaders are tested against (through the
 * stock layer) in e2e/webgpuLstm.spec.ts.
 */

/** Threads of each workgroup that walks the time loop; 256 is WebGPU's guaranteed minimum. */
export const RECURRENCE_THREADS = 256

/**
 * Batch rows per workgroup of the time loops (a "slice"): rows never meet in an LSTM, so each workgroup walks
 * the whole time loop for its own rows, and a GPU's compute units share the batch. By default enough rows for
 * one cell a thread (⌈256 / H⌉: 4 rows at H = 64, so 64 workgroups at batch 256); `slices` asks for a count.
 */
export function sliceRows(s: LstmShape, slices?: number): number {
  const want = slices ?? Math.ceil(s.batch / Math.ceil(RECURRENCE_THREADS / s.units))
  return Math.ceil(s.batch / Math.max(1, Math.min(s.batch, want)))
}
/** Threads per workgroup of the data-parallel programs. */
export const PARALLEL_THREADS = 64

/**
 * tfjs binds a uniforms buffer to every program and the pipeline layout is 'auto', which drops a
 * binding the shader never reads; the bind group then fails validation and the dispatch is skipped
 * silently (zeros out). Sizes here are constants, so a phony read keeps the binding.
 */
export const USE_UNIFORMS = '_ = uniforms.NAN;'

/**
 * Sizes, reserve plane offsets and the activation helpers every LSTM shader shares; `rows` per slice
 * (SR, NS slices, CPT cells a thread of a time loop's workgroup).
 */
export function constants(s: LstmShape, rows = s.batch): string {
  const p = reservePlanes(s)
  const bh = s.batch * s.units
  // i32 literals: tfjs indexes its arrays with i32, and mixing would need casts everywhere.
  return `
  const LB = ${s.batch}; const LT = ${s.time}; const LD = ${s.inputDim}; const LH = ${s.units};
  const LG = ${4 * s.units}; const LBH = ${bh};
  const PC = ${p.c}; const PH = ${p.h}; const PTC = ${p.tc};
  const SR = ${rows}; const NS = ${Math.ceil(s.batch / rows)}; const SRH = ${rows * s.units};
  const WG = ${RECURRENCE_THREADS}; const CPT = ${Math.ceil((rows * s.units) / RECURRENCE_THREADS)};
  // exp-based forms saturate to ±1 / 0, 1 at ±inf where a library tanh may return NaN.
  fn lstmSig(z: f32) -> f32 { return 1.0 / (1.0 + exp(-z)); }
  fn lstmTanh(z: f32) -> f32 { return 2.0 / (1.0 + exp(-2.0 * z)) - 1.0; }
  `
}

/** Gates plane of the reserve ← x·W + b for all T·B rows (pre-activations). Inputs: xs, kern, bia. */
export function projectionCode(s: LstmShape): string {
  return `${constants(s)}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    if (index >= LT * LB * LG) { return; }
    let r = index / LG; let g = index % LG;
    let t = r / LB; let b = r % LB;
    let xo = (b * LT + t) * LD;
    var acc = bia[g];
    for (var d = 0; d < LD; d++) { acc += xs[xo + d] * kern[d * LG + g]; }
    result[index] = acc;
  }`
}

/** WGSL that sets `row0` and `cells`: the first row of this workgroup's slice and the cells (row, unit) it owns. */
export const SLICE = `let row0 = i32(workgroupId.x) * SR; let cells = min(SR, LB - row0) * LH;`

/**
 * The time loop, one workgroup a slice of `rows` batch rows: each thread owns CPT cells (b, j) of the
 * slice and keeps their c in registers; h_{t-1} is shared through workgroup memory (double-buffered, one
 * barrier a step) when `shared`, else read back from the reserve's h plane behind a storage barrier.
 * Input: rec (U).
 */
export function recurrenceCode(s: LstmShape, shared: boolean, rows = s.batch): string {
  const hPrev = shared ? 'hs[((t + 1) % 2) * SRH + (b - row0) * LH + k]' : 'result[PH + (t - 1) * LBH + b * LH + k]'
  return `${constants(s, rows)}
  ${shared ? 'var<workgroup> hs: array<f32, ' + 2 * rows * s.units + '>;' : ''}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    let lid = i32(localIndex);
    ${SLICE}
    var cr: array<f32, CPT>;
    for (var t = 0; t < LT; t++) {
      for (var i = 0; i < CPT; i++) {
        let lc = lid + i * WG;
        if (lc < cells) {
          let b = row0 + lc / LH; let j = lc % LH; let cell = b * LH + j;
          let go = (t * LB + b) * LG + j;
          var zi = result[go]; var zf = result[go + LH]; var zg = result[go + 2 * LH]; var zo = result[go + 3 * LH];
          if (t > 0) {
            for (var k = 0; k < LH; k++) {
              let hk = ${hPrev};
              let u = k * LG + j;
              zi += hk * rec[u]; zf += hk * rec[u + LH]; zg += hk * rec[u + 2 * LH]; zo += hk * rec[u + 3 * LH];
            }
          }
          let ig = lstmSig(zi); let fg = lstmSig(zf); let gg = lstmTanh(zg); let og = lstmSig(zo);
          let c = fg * cr[i] + ig * gg;
          cr[i] = c;
          let tc = lstmTanh(c);
          result[go] = ig; result[go + LH] = fg; result[go + 2 * LH] = gg; result[go + 3 * LH] = og;
          let so = t * LBH + cell;
          result[PC + so] = c; result[PH + so] = og * tc; result[PTC + so] = tc;
          ${shared ? 'hs[(t % 2) * SRH + lc] = og * tc;' : ''}
        }
      }
      ${shared ? 'workgroupBarrier();' : 'storageBarrier();'}
    }
  }`
}

/** The layer's output from the reserve's h plane: [B, T, H] when `sequences`, else step T-1's [B, H]. Input: res. */
export function outputCode(s: LstmShape, sequences: boolean): string {
  return `${constants(s)}
  fn main(index: i32) {
    ${USE_UNIFORMS}
    ${sequences
    ? 'if (index >= LB * LT * LH) { return; } let b = index / (LT * LH); let t = (index / LH) % LT;'
    : 'if (index >= LBH) { return; } let b = index / LH; let t = LT - 1;'}
    let j = index % LH;
    result[index] = res[PH + (t * LB + b) * LH + j];
  }`
}
