import * as tf from '@tensorflow/tfjs'
import { releaseKeptNotOwnedBy } from '../wasm/simdKernels'
import { lstmBackwardLanes, lstmForwardLanes, lstmOutputLanes } from './reference/lstmLanes'
import { reserveLength } from './lstmLayout'
import { lstmBackwardKept, lstmBackwardSimd, lstmForwardKept, lstmInferSimd, simdLstmFits } from './simd/lstmSimd'
import type { TensorIO } from '../backend/types'
import { lstmInput as need, shapeOf } from './lstmInputs'

/**
 * The reserve output of a forward pass on the SIMD path: [id, reserve length], the id of the arena region that
 * holds the reserve until backward (lstmSimd.ts). A real reserve is never this short (7·B·T·H ≥ 7 floats).
 */
const KEPT_HANDLE = 2

/**
 * Inputs: x [B, T, D], kernel [D, 4H], recurrentKernel [H, 4H], bias [4H]. Outputs: y, reserve; without `keep`
 * (nothing will differentiate the call) y alone, and no reserve is written.
 * Runs the wasm SIMD drivers where they fit (units % 4 = 0, SIMD present), else the JS functions. The SIMD
 * forward keeps its reserve in the wasm arena and outputs a handle to it (KEPT_HANDLE); the JS path outputs
 * the laned reserve itself (lstmLayout.ts), which the SIMD backward also reads.
 * Outputs are fresh TensorInfos; the engine wraps them as tensors and owns them from there.
 */
export function runForward(
  io: TensorIO, inputs: tf.NamedTensorInfoMap, returnSequences: boolean, keep = true,
): tf.TensorInfo[] {
  const x = need(inputs, 'x'), k = need(inputs, 'kernel'), u = need(inputs, 'recurrentKernel'), b = need(inputs, 'bias')
  const s = shapeOf(x, k)
  const yShape = returnSequences ? [s.batch, s.time, s.units] : [s.batch, s.units]
  const y = io.alloc(yShape)
  const simdPath = simdLstmFits(s)
  // Training outputs the reserve: on the SIMD path a handle to it (it stays in the wasm arena until backward),
  // on the JS path the reserve itself. Inference outputs none.
  const reserve = keep ? io.alloc([simdPath ? KEPT_HANDLE : reserveLength(s)]) : undefined
  const [xv, kv, uv, bv, yv, rv] = io.views(reserve ? [x, k, u, b, y, reserve] : [x, k, u, b, y]) as Float32Array[]
  const w = { kernel: kv!, recurrentKernel: uv!, bias: bv! }
  if (simdPath && !keep) {
    lstmInferSimd(s, xv!, w, returnSequences, yv!)
  } else if (simdPath) {
    // Regions other gradient computations kept and never read back are dropped first (their backward will not come).
    const tape = tf.engine().state.activeTape
    releaseKeptNotOwnedBy(tape)
    const id = lstmForwardKept(s, xv!, w, tape, { y: yv!, sequences: returnSequences })
    rv![0] = id
    rv![1] = reserveLength(s)
  } else {
    // The JS path has no reserve-free variant: without `keep`, a scratch reserve, not a tensor.
    const r = rv ?? new Float32Array(reserveLength(s))
    lstmForwardLanes(s, xv!, w, r)
    lstmOutputLanes(s, r, returnSequences, yv!)
  }
  return reserve ? [y, reserve] : [y]
}

/**
 * Inputs: dy, x, kernel, recurrentKernel, reserve. Outputs: dx, dKernel, dRecurrentKernel, dBias;
 * without `inputGradient` no dx (its GEMM is skipped): dKernel, dRecurrentKernel, dBias.
 */
export function runBackward(
  io: TensorIO, inputs: tf.NamedTensorInfoMap, returnSequences: boolean, inputGradient = true,
): tf.TensorInfo[] {
  const dy = need(inputs, 'dy'), x = need(inputs, 'x'), k = need(inputs, 'kernel')
  const u = need(inputs, 'recurrentKernel'), r = need(inputs, 'reserve')
  const s = shapeOf(x, k)
  const shapes = [k.shape, u.shape, [4 * s.units]]
  const outs = (inputGradient ? [x.shape, ...shapes] : shapes).map((shape) => io.alloc(shape))
  const [dyv, xv, kv, uv, rv, ...g] = io.views([dy, x, k, u, r, ...outs])
  const [dk, du, db] = g.slice(-3) as [Float32Array, Float32Array, Float32Array]
  // The bias does not enter any gradient formula, so backward takes no bias input.
  const w = { kernel: kv!, recurrentKernel: uv! }
  const out = { dx: inputGradient ? g[0] : undefined, dKernel: dk, dRecurrentKernel: du, dBias: db }
  if (r.shape.length === 1 && r.shape[0] === KEPT_HANDLE) {
    lstmBackwardKept(s, xv!, w, rv![0]!, dyv!, returnSequences, out)
  } else {
    const backward = simdLstmFits(s) ? lstmBackwardSimd : lstmBackwardLanes
    backward(s, xv!, w, rv!, dyv!, returnSequences, out)
  }
  return outs
}
