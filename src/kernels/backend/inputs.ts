import type * as tf from '@tensorflow/tfjs'

/**
 * A kernel's input by name, checked present and float32: the kernels read raw float32 memory, so any other dtype
 * would be misread silently. `op` prefixes the error (e.g. 'fusedLstm'); `hint` ends the missing-input message.
 */
export function need(inputs: tf.NamedTensorInfoMap, name: string, op: string, hint = ''): tf.TensorInfo {
  const t = inputs[name]
  if (t === undefined) throw new Error(`${op}: kernel input '${name}' is missing${hint}`)
  if (t.dtype !== 'float32') throw new Error(`${op}: '${name}' must be float32, got ${t.dtype}`)
  return t
}
