import type * as tf from '@tensorflow/tfjs'
import type { CpuBackendLike, TensorIO, WasmBackendLike } from './types'

function cpuIO(backend: CpuBackendLike): TensorIO {
  return {
    // The cpu backend keeps the array it is given, so the kernel fills it after registering it.
    alloc: (shape) => backend.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((a, b) => a * b, 1))),
    views: (infos) => infos.map((info) => {
      const values = backend.data.get(info.dataId).values
      if (!(values instanceof Float32Array)) throw new Error(`tensorIO: cpu tensor [${info.shape}] has no Float32Array values; pass float32 tensors`)
      return values
    }),
  }
}

function wasmIO(backend: WasmBackendLike): TensorIO {
  return {
    alloc: (shape) => backend.makeOutput(shape, 'float32'),
    // Views are taken after every output is allocated (see TensorIO): a malloc can grow the heap.
    views: (infos) => infos.map((info) => {
      const view = backend.typedArrayFromHeap(info)
      if (!(view instanceof Float32Array)) throw new Error(`tensorIO: wasm tensor [${info.shape}] is not float32; pass float32 tensors`)
      return view
    }),
  }
}

/**
 * The backends whose tensors a JS kernel can read and write directly, with their accessors. Registering
 * a kernel for 'wasm' needs no wasm package: the registry is keyed by name and used once that backend runs.
 */
export const DIRECT_BACKENDS: readonly { name: string; io: (backend: unknown) => TensorIO }[] = [
  { name: 'cpu', io: (b) => cpuIO(b as CpuBackendLike) },
  { name: 'wasm', io: (b) => wasmIO(b as WasmBackendLike) },
]

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
