import * as tf from '@tensorflow/tfjs'
import { FUSED_LSTM, FUSED_LSTM_GRAD, lstmInput as need, shapeOf } from '../lstmInputs'
import { reserveLength } from '../lstmLayout'
import {
  outputCode, PARALLEL_THREADS, projectionCode, RECURRENCE_THREADS, recurrenceCode,
} from './lstmWgsl'
import { biasGradCode, inputGradCode, kernelGradCode, recurrentGradCode, throughTimeCode } from './lstmWgslGrad'
import type { GpuProgram, WebGpuBackendLike } from '../../backend/types'
import type { LstmShape } from '../types'

/** Test switch: `sharedState: false` forces the recurrence to pass h through storage, the path large B·H takes. */
export const webgpuLstmOptions = { sharedState: true }

/** One thread per output element, or per the first `n` when a program fills only part of its output. */
function parallel(key: string, names: string[], outputShape: number[], code: string, n = outputShape.reduce((a, b) => a * b, 1)): GpuProgram {
  return {
    variableNames: names, outputShape, shaderKey: key, dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(n / PARALLEL_THREADS), 1, 1], workgroupSize: [PARALLEL_THREADS, 1, 1], getUserCode: () => code,
  }
}

/** One workgroup: the time loop needs every thread of a step to see the others' results, and only a workgroup can wait for that. */
function sequential(key: string, names: string[], outputShape: number[], code: string): GpuProgram {
  return {
    variableNames: names, outputShape, shaderKey: key, dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [1, 1, 1], workgroupSize: [RECURRENCE_THREADS, 1, 1], getUserCode: () => code,
  }
}

const keyOf = (name: string, s: LstmShape): string => `fusedLstm${name}_${s.batch}_${s.time}_${s.inputDim}_${s.units}`

/** 3 dispatches: input projection (all steps), the recurrence (all steps), the output gather. Outputs y, reserve. */
function forwardWebgpu(be: WebGpuBackendLike, inputs: tf.NamedTensorInfoMap, sequences: boolean): tf.TensorInfo[] {
  const x = need(inputs, 'x'), k = need(inputs, 'kernel'), u = need(inputs, 'recurrentKernel'), b = need(inputs, 'bias')
  const s = shapeOf(x, k)
  // h is double-buffered in workgroup memory: 2·B·H floats must fit the device's limit (16 KiB by default).
  const shared = webgpuLstmOptions.sharedState && 8 * s.batch * s.units <= be.device.limits.maxComputeWorkgroupStorageSize
  const reserve = be.runWebGPUProgram(
    parallel(keyOf('Proj', s), ['xs', 'kern', 'bia'], [reserveLength(s)], projectionCode(s), s.time * s.batch * 4 * s.units), [x, k, b], 'float32')
  // The projection wrote the pre-activations into the gates plane; the recurrence activates them in place.
  be.runWebGPUProgram(
    sequential(keyOf(`Rec${shared ? 'W' : 'S'}`, s), ['rec'], [reserveLength(s)], recurrenceCode(s, shared)),
    [u], 'float32', undefined, reserve)
  const yShape = sequences ? [s.batch, s.time, s.units] : [s.batch, s.units]
  const y = be.runWebGPUProgram(
    parallel(keyOf(`Out${sequences ? 'Seq' : 'Last'}`, s), ['res'], yShape, outputCode(s, sequences)), [reserve], 'float32')
  return [y, reserve]
}

/**
 * 5 dispatches: dz through time (one workgroup), then dx, dKernel, dRecurrentKernel, dBias from dz.
 * Without `inputGradient` (a layer fed by a model input, see fusedLstmOp.ts) no dx dispatch and no dx output.
 */
function backwardWebgpu(be: WebGpuBackendLike, inputs: tf.NamedTensorInfoMap, sequences: boolean, inputGradient: boolean): tf.TensorInfo[] {
  const dy = need(inputs, 'dy'), x = need(inputs, 'x'), k = need(inputs, 'kernel')
  const u = need(inputs, 'recurrentKernel'), r = need(inputs, 'reserve')
  const s = shapeOf(x, k)
  if (r.shape[0] !== reserveLength(s)) {
    throw new Error(`fusedLstm: webgpu reserve has ${r.shape[0]} values, expected ${reserveLength(s)}; pass the forward's reserve`)
  }
  const G = 4 * s.units
  const dz = be.runWebGPUProgram(
    sequential(keyOf(`Bptt${sequences ? 'Seq' : 'Last'}`, s), ['res', 'dys', 'rec'], [s.time * s.batch * G],
      throughTimeCode(s, sequences)), [r, dy, u], 'float32')
  try {
    return [
      ...(inputGradient ? [be.runWebGPUProgram(parallel(keyOf('Dx', s), ['dzs', 'kern'], x.shape, inputGradCode(s)), [dz, k], 'float32')] : []),
      be.runWebGPUProgram(parallel(keyOf('Dk', s), ['xs', 'dzs'], k.shape, kernelGradCode(s)), [x, dz], 'float32'),
      be.runWebGPUProgram(parallel(keyOf('Du', s), ['res', 'dzs'], u.shape, recurrentGradCode(s)), [r, dz], 'float32'),
      be.runWebGPUProgram(parallel(keyOf('Db', s), ['dzs'], [G], biasGradCode(s)), [dz], 'float32'),
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
