import * as tf from '@tensorflow/tfjs'
import { FUSED_LSTM, FUSED_LSTM_GRAD, lstmInput as need, shapeOf } from '../lstmInputs'
import { reserveLength } from '../lstmLayout'
import {
  outputCode, PARALLEL_THREADS, projectionCode, RECURRENCE_THREADS, recurrenceCode, sliceRows,
} from './lstmWgsl'
import { biasGradCode, inputGradCode, kernelGradCode, recurrentGradCode, sliceSumCode, throughTimeCode } from './lstmWgslGrad'
import type { GpuProgram, WebGpuBackendLike } from '../../backend/types'
import type { LstmShape } from '../types'

/**
 * Test switches: `sharedState: false` forces the recurrence to pass h through storage, the path large slices
 * take; `slices` asks for that many slices of batch rows instead of the default (sliceRows in lstmWgsl.ts).
 */
export const webgpuLstmOptions: { sharedState: boolean; slices?: number } = { sharedState: true }

/** One thread per output element, or per the first `n` when a program fills only part of its output. */
function parallel(key: string, names: string[], outputShape: number[], code: string, n = outputShape.reduce((a, b) => a * b, 1)): GpuProgram {
  return {
    variableNames: names, outputShape, shaderKey: key, dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(n / PARALLEL_THREADS), 1, 1], workgroupSize: [PARALLEL_THREADS, 1, 1], getUserCode: () => code,
  }
}

/**
 * One workgroup a slice of batch rows: the time loop needs every thread of a step to see the others' results,
 * and only a workgroup can wait for that; rows never meet, so each slice's loop is its own workgroup's.
 */
function sliced(key: string, names: string[], outputShape: number[], code: string, slices: number): GpuProgram {
  return {
    variableNames: names, outputShape, shaderKey: key, dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [slices, 1, 1], workgroupSize: [RECURRENCE_THREADS, 1, 1], getUserCode: () => code,
  }
}

/** Every size in the key (tfjs's own key has ranks only); `rows` per slice where the code depends on it. */
const keyOf = (name: string, s: LstmShape, rows?: number): string =>
  `fusedLstm${name}_${s.batch}_${s.time}_${s.inputDim}_${s.units}${rows === undefined ? '' : `_r${rows}`}`

/** 3 dispatches: input projection (all steps), the recurrence (all steps, a workgroup a slice of rows), the output gather. Outputs y, reserve. */
function forwardWebgpu(be: WebGpuBackendLike, inputs: tf.NamedTensorInfoMap, sequences: boolean): tf.TensorInfo[] {
  const x = need(inputs, 'x'), k = need(inputs, 'kernel'), u = need(inputs, 'recurrentKernel'), b = need(inputs, 'bias')
  const s = shapeOf(x, k)
  const rows = sliceRows(s, webgpuLstmOptions.slices)
  // h is double-buffered in workgroup memory: 2·rows·H floats must fit the device's limit (16 KiB by default).
  const shared = webgpuLstmOptions.sharedState && 8 * rows * s.units <= be.device.limits.maxComputeWorkgroupStorageSize
  const reserve = be.runWebGPUProgram(
    parallel(keyOf('Proj', s), ['xs', 'kern', 'bia'], [reserveLength(s)], projectionCode(s), s.time * s.batch * 4 * s.units), [x, k, b], 'float32')
  // The projection wrote the pre-activations into the gates plane; the recurrence activates them in place.
  be.runWebGPUProgram(
    sliced(keyOf(`Rec${shared ? 'W' : 'S'}`, s, rows), ['rec'], [reserveLength(s)], recurrenceCode(s, shared, rows), Math.ceil(s.batch / rows)),
    [u], 'float32', undefined, reserve)
  const yShape = sequences ? [s.batch, s.time, s.units] : [s.batch, s.units]
  const y = be.runWebGPUProgram(
    parallel(keyOf(`Out${sequences ? 'Seq' : 'Last'}`, s), ['res'], yShape, outputCode(s, sequences)), [reserve], 'float32')
  return [y, reserve]
}

/**
 * dz through time (one workgroup a slice of rows), then dx, dKernel, dRecurrentKernel, dBias from dz: 5
 * dispatches with one slice; with more, each weight gradient is one dispatch of per-slice sums and one that
 * adds them in slice order (8). Without `inputGradient` (a layer fed by a model input, see fusedLstmOp.ts) no
 * dx dispatch and no dx output.
 */
function backwardWebgpu(be: WebGpuBackendLike, inputs: tf.NamedTensorInfoMap, sequences: boolean, inputGradient: boolean): tf.TensorInfo[] {
  const dy = need(inputs, 'dy'), x = need(inputs, 'x'), k = need(inputs, 'kernel')
  const u = need(inputs, 'recurrentKernel'), r = need(inputs, 'reserve')
  const s = shapeOf(x, k)
  if (r.shape[0] !== reserveLength(s)) {
    throw new Error(`fusedLstm: webgpu reserve has ${r.shape[0]} values, expected ${reserveLength(s)}; pass the forward's reserve`)
  }
  const G = 4 * s.units
  const rows = sliceRows(s, webgpuLstmOptions.slices)
  const slices = Math.ceil(s.batch / rows)
  const dz = be.runWebGPUProgram(
    sliced(keyOf(`Bptt${sequences ? 'Seq' : 'Last'}`, s, rows), ['res', 'dys', 'rec'], [s.time * s.batch * G],
      throughTimeCode(s, sequences, rows), slices), [r, dy, u], 'float32')
  /** A weight gradient of `shape` summed over every row: per slice, then (with more than one) over the slices. */
  const weightGrad = (name: string, names: string[], from: tf.TensorInfo[], shape: number[], code: string): tf.TensorInfo => {
    if (slices === 1) return be.runWebGPUProgram(parallel(keyOf(name, s), names, shape, code), from, 'float32')
    const n = shape.reduce((a, b) => a * b, 1)
    const parts = be.runWebGPUProgram(parallel(keyOf(name, s, rows), names, [slices * n], code), from, 'float32')
    try {
      return be.runWebGPUProgram(parallel(keyOf(`${name}Sum`, s, rows), ['parts'], shape, sliceSumCode(s, rows, n)), [parts], 'float32')
    } finally {
      be.disposeData(parts.dataId)
    }
  }
  try {
    return [
      ...(inputGradient ? [be.runWebGPUProgram(parallel(keyOf('Dx', s), ['dzs', 'kern'], x.shape, inputGradCode(s)), [dz, k], 'float32')] : []),
      weightGrad('Dk', ['xs', 'dzs'], [x, dz], k.shape, kernelGradCode(s, rows)),
      weightGrad('Du', ['res', 'dzs'], [r, dz], u.shape, recurrentGradCode(s, rows)),
      weightGrad('Db', ['dzs'], [dz], [G], biasGradCode(s, rows)),
    ]
  } finally {
    // Safe while the dispatches above are queued: the backend defers freeing a buffer its pending commands use.
    be.disposeData(dz.dataId)
  }
}

/** Registers FusedLstm and FusedLstmGrad for 'webgpu'. Idempotent; needs no webgpu package loaded. */
export function registerWebgpuLstmKernels(): void {
  if (tf.getKernel(FUSED_LSTM, 'webgpu') == null) {
    tf.registerKernel({
      kernelName: FUSED_LSTM,
      backendName: 'webgpu',
      kernelFunc: ({ inputs, backend, attrs }) =>
        forwardWebgpu(backend as unknown as WebGpuBackendLike, inputs, attrs?.['returnSequences'] === true),
    })
  }
  if (tf.getKernel(FUSED_LSTM_GRAD, 'webgpu') == null) {
    tf.registerKernel({
      kernelName: FUSED_LSTM_GRAD,
      backendName: 'webgpu',
      kernelFunc: ({ inputs, backend, attrs }) =>
        backwardWebgpu(backend as unknown as WebGpuBackendLike, inputs, attrs?.['returnSequences'] === true, attrs?.['inputGradient'] !== false),
    })
  }
}
