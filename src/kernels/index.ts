import { registerAdamKernel } from './adam/adamKernel'
import { registerWebgpuAdamKernel } from './adam/adamWebgpu'
import { registerWasmIdentity } from './backend/wasmIdentity'
import { registerConvFilterGrad } from './conv/convFilterGrad'
import { registerConvInputGrad } from './conv/convInputGrad'
import { registerFusedLstmKernels } from './lstm/lstmBackends'

/**
 * The studio's compute engine, registered with tfjs: FusedLstm / FusedLstmGrad (cpu, wasm, webgpu), the Conv1D
 * gradients (cpu, wasm), FusedAdam (cpu, wasm, webgpu). Idempotent and cheap; registering needs no backend package,
 * since the registry is keyed by backend name. The fused LSTM op and FusedAdam register their own kernels too, so
 * code that only builds a model or an optimizer works without this.
 */
export function registerKernels(): void {
  registerFusedLstmKernels()
  registerConvFilterGrad()
  registerConvInputGrad()
  registerAdamKernel()
  registerWebgpuAdamKernel()
}

/**
 * The wasm Identity that shares its input's heap buffer instead of copying it. It wraps the stock kernel (kept
 * for strings), so tfjs-backend-wasm must be loaded first: call it when the wasm backend is chosen.
 */
export { registerWasmIdentity }
