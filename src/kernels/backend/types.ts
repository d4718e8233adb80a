import type * as tf from '@tensorflow/tfjs'

/**
 * The parts of the tfjs backends the studio's kernels use, typed structurally so that no kernel imports a backend
 * package: the kernel registry is keyed by backend name, and a backend's object reaches a kernel as `backend`.
 */

/**
 * How a kernel reaches tensor memory on one backend. Views returned by `views` are only valid until the next
 * allocation on that backend (wasm: a malloc may grow and detach the heap), so a kernel allocates its outputs
 * first and asks for every view after.
 */
export interface TensorIO {
  /** A new float32 tensor of `shape` on the backend, contents undefined; the engine owns it once returned. */
  alloc(shape: number[]): tf.TensorInfo
  /** Float32Array views of the tensors' memory, in order, each of the tensor's size; refuses other dtypes. */
  views(infos: tf.TensorInfo[]): Float32Array[]
}

/** tfjs-backend-cpu's MathBackendCPU: tensor values live in JS typed arrays. */
export interface CpuBackendLike {
  /** A tensor's record; `values` is its typed array (Float32Array for float32). */
  data: { get(dataId: tf.DataId): { values?: unknown } }
  /** Registers `values` (kept, not copied) as a new tensor of `shape`. */
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo
}

/** tfjs-backend-wasm's BackendWasm: tensors live in the wasm heap. */
export interface WasmBackendLike {
  /** Mallocs a new tensor of `shape` in the heap (which may grow it and detach older views). */
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo
  /** A typed-array view of the tensor's bytes in the heap, of its dtype's array type. */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array
}

/**
 * The fields of tfjs-backend-webgpu's WebGPUProgram the studio's programs set. `runWebGPUProgram` fills in
 * `dispatch` (it may reshape it) and extends `shaderKey` with ranks and dtypes only, never sizes, so the key
 * must carry every constant baked into the code.
 */
export interface GpuProgram {
  /** Names the shader reads its inputs by, in the order of `runWebGPUProgram`'s inputs. */
  variableNames: string[]
  /** Shape of the output tensor, in elements. */
  outputShape: number[]
  /** Cache key of the compiled pipeline: one per distinct code. */
  shaderKey: string
  /** Which output dimensions the x dispatch dimension runs over. */
  dispatchLayout: { x: number[] }
  /** Workgroups in x, y, z. */
  dispatch: [number, number, number]
  /** Threads per workgroup in x, y, z. */
  workgroupSize: [number, number, number]
  /** Extra fields of the Uniforms struct (e.g. 'lr : f32, '), filled from runWebGPUProgram's uniform data in order. */
  uniforms?: string
  /** Adds `uniforms.size`, the output's element count, so one shader serves every size. */
  size?: boolean
  /** The WGSL of the program's main function. */
  getUserCode(): string
}

/** tfjs-backend-webgpu's WebGPUBackend. */
export interface WebGpuBackendLike {
  /** Queues `program` over `inputs`; writes `output` when given, else a new tensor of the program's outputShape. */
  runWebGPUProgram(
    program: GpuProgram, inputs: tf.TensorInfo[], dtype: 'float32',
    uniforms?: { type: 'float32' | 'int32'; data: number[] }[], output?: tf.TensorInfo,
  ): tf.TensorInfo
  /** Frees a tensor's buffer once the commands queued on it have run. */
  disposeData(dataId: tf.DataId): boolean
  /** The GPU device's limits: workgroup memory in bytes (16 KiB by default). */
  device: { limits: { maxComputeWorkgroupStorageSize: number } }
}
