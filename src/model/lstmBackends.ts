import * as tf from '@tensorflow/tfjs'
import { FUSED_LSTM, FUSED_LSTM_GRAD, runBackward, runForward, type TensorIO } from './lstmKernels'
import { registerWebgpuLstmKernels } from './lstmWebgpu'

/**
 * The parts of tfjs-backend-cpu's MathBackendCPU the kernels use, typed structurally so this file
 * imports no backend package: tensor values live in JS typed arrays in `data`.
 */
interface CpuBackendLike {
  data: { get(dataId: tf.DataId): { values?: unknown } }
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo
}

/**
 * The parts of tfjs-backend-wasm's BackendWasm the kernels use: tensors live in the wasm heap;
 * `makeOutput` mallocs there and `typedArrayFromHeap` makes a Float32Array view on it.
 */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array
}

function cpuIO(backend: CpuBackendLike): TensorIO {
  return {
    // The cpu backend keeps the array it is given, so the kernel fills it after registering it.
    alloc: (shape) => backend.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((a, b) => a * b, 1))),
    views: (infos) => infos.map((info) => {
      const values = backend.data.get(info.dataId).values
      if (!(values instanceof Float32Array)) throw new Error(`fusedLstm: cpu tensor [${info.shape}] has no Float32Array values`)
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
      if (!(view instanceof Float32Array)) throw new Error(`fusedLstm: wasm tensor [${info.shape}] is not float32`)
      return view
    }),
  }
}

const BACKENDS: { name: string; io: (backend: unknown) => TensorIO }[] = [
  { name: 'cpu', io: (b) => cpuIO(b as CpuBackendLike) },
  { name: 'wasm', io: (b) => wasmIO(b as WasmBackendLike) },
]

/**
 * Registers FusedLstm and FusedLstmGrad for the cpu and wasm backends, and the WGSL versions for
 * webgpu (lstmWebgpu.ts). Idempotent and cheap, so
 * every entry point calls it rather than relying on a side-effect import. Registering for 'wasm'
 * needs no wasm package: the registry is keyed by name and only used once that backend runs.
 */
export function registerFusedLstmKernels(): void {
  registerWebgpuLstmKernels()
  for (const { name, io } of BACKENDS) {
    if (tf.getKernel(FUSED_LSTM, name) == null) {
      tf.registerKernel({
        kernelName: FUSED_LSTM,
        backendName: name,
        kernelFunc: ({ inputs, backend, attrs }) => runForward(io(backend), inputs, attrs?.['returnSequences'] === true),
      })
    }
    if (tf.getKernel(FUSED_LSTM_GRAD, name) == null) {
      tf.registerKernel({
        kernelName: FUSED_LSTM_GRAD,
        backendName: name,
        kernelFunc: ({ inputs, backend, attrs }) => runBackward(io(backend), inputs, attrs?.['returnSequences'] === true),
      })
    }
  }
}
