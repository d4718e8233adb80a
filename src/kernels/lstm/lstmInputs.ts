import type * as tf from '@tensorflow/tfjs'
import { need } from '../backend/tensorIO'
import type { LstmShape } from './types'

/**
 * What every FusedLstm / FusedLstmGrad kernel (cpu, wasm, webgpu) reads first: its inputs, checked, and the
 * layer's sizes from their shapes.
 */

/** Kernel names as the engine, `tf.profile` and error messages show them. */
export const FUSED_LSTM = 'FusedLstm'
export const FUSED_LSTM_GRAD = 'FusedLstmGrad'

/** An input by name, checked present and float32. */
export function lstmInput(inputs: tf.NamedTensorInfoMap, name: string): tf.TensorInfo {
  return need(inputs, name, 'fusedLstm')
}

/** B, T, D, H from x [B, T, D] and kernel [D, 4H], checked consistent. */
export function shapeOf(x: tf.TensorInfo, kernel: tf.TensorInfo): LstmShape {
  const [batch, time, inputDim] = x.shape
  const [kIn, gates] = kernel.shape
  if (x.shape.length !== 3 || batch === undefined || time === undefined || inputDim === undefined) {
    throw new Error(`fusedLstm: x must be [batch, time, features], got [${x.shape}]`)
  }
  if (kIn !== inputDim || gates === undefined || gates % 4 !== 0) {
    throw new Error(`fusedLstm: kernel must be [${inputDim}, 4·units], got [${kernel.shape}]`)
  }
  return { batch, time, inputDim, units: gates / 4 }
}
