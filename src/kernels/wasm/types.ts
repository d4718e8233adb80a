/** Bytes of WebAssembly code (wasmAsm.ts builds them); an "expression" is code that leaves one value on the stack. */
export type Code = number[]

/** One exported function of an assembled module: all parameters are i32, locals are declared i32s first. */
export interface WasmFunction {
  /** Its export name, e.g. 'gemm'. */
  name: string
  /** Count of i32 parameters (locals 0 … params − 1). */
  params: number
  /** Count of i32 locals after the parameters. */
  i32s: number
  /** Count of v128 locals after those. */
  v128s: number
  /** The function's code, without the final `end`. */
  body: Code
}

/** The fused LSTM's wasm SIMD kernels as compiled here (simdKernels.ts) and in the helper thread. */
/** All i32 arguments; pointers and strides in bytes. Signatures in wasmGemmCode.ts / wasmCellCode.ts / wasmCopyCode.ts. */
export type WasmFn = (...args: number[]) => void

export interface SimdKernels {
  /** Whether the GEMM multiply-adds are relaxed-SIMD FMAs (results then differ from the JS path by rounding). */
  fma: boolean
  /** C (+)= A · B on arena operands (wasmGemmCode.ts gives the arguments). */
  gemm: WasmFn
  /** One LSTM timestep's gate activations and states (wasmCellCode.ts). */
  cellForward: WasmFn
  /** One LSTM timestep's gradients through the gates (wasmCellCode.ts). */
  cellBackward: WasmFn
  /** Rows of floats copied between strided layouts in f32x4 steps (wasmCopyCode.ts). */
  copyRows: WasmFn
  /** A float32 view of the arena of at least `floats` elements; a growth detaches older views. */
  arena(floats: number): Float32Array
  /** The compiled module, which a helper thread instantiates again on the same memory. */
  module: WebAssembly.Module
  /** The arena's memory: shared (a SharedArrayBuffer) where the page may share memory, so a helper thread can work in it. */
  memory: WebAssembly.Memory
}
