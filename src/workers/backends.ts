import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-webgpu'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'
import { registerKernels, registerWasmIdentity } from '../kernels'
import { lstmHelperFailure, startLstmThreads } from '../kernels/lstm/threads/lstmThreadStart'
import { simdOffReason } from '../kernels/wasm/simdKernels'

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu'

/** Tried in this order unless the user forces one. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu']

export interface BackendChoice {
  name: BackendName
  /** Backends passed over before it, and why. */
  skipped: { name: BackendName; reason: string }[]
  /** Threads the fused LSTM may run on: on cpu and wasm one per core where helper threads could start (lstmThreads.ts), else 1. */
  lstmThreads: number
  /** cpu and wasm: why the wasm SIMD kernels (LSTM, GEMM of the conv gradients) are off and JS loops run instead. */
  simdOff?: string
  /** cpu and wasm: why the LSTM's helper thread failed to start. */
  helperFailed?: string
}

let wasmReady = false
function prepareWasm() {
  if (wasmReady) return
  // The threaded build needs cross-origin isolation and closed the page under COOP/COEP in a production
  // build; the single-threaded SIMD build was as fast here.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded })
  wasmReady = true
}

/** Why a GPU backend is software (SwiftShader, llvmpipe) or absent, else undefined: auto mode passes such a GPU over, slower than WASM here. */
export async function softwareGpu(name: BackendName): Promise<string | undefined> {
  try {
    if (name === 'webgpu') {
      type Adapter = { info?: { description?: string; vendor?: string; architecture?: string } }
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu
      const adapter = (await gpu?.requestAdapter()) as Adapter | null | undefined
      if (!adapter) return 'no WebGPU adapter in this browser'
      const info = adapter.info ?? {}
      const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`
      return /swiftshader|llvmpipe|software/i.test(text) ? `software renderer (${text.trim()})` : undefined
    }
    if (name === 'webgl') {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2')
      if (!gl) return 'no WebGL2 context'
      const ext = gl.getExtension('WEBGL_debug_renderer_info')
      const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER))
      return /swiftshader|llvmpipe|software/i.test(renderer) ? `software renderer (${renderer})` : undefined
    }
  } catch (e) {
    return (e as Error).message
  }
  return undefined
}

/**
 * Picks the first backend that works — WebGPU, WebGL, WASM, CPU — and says why the others were skipped.
 * A forced backend is used or fails with the reason. Registers the studio's own kernels first.
 */
export async function chooseBackend(forced?: BackendName): Promise<BackendChoice> {
  registerKernels()
  const skipped: BackendChoice['skipped'] = []
  for (const name of forced ? [forced] : BACKEND_ORDER) {
    if (!forced) {
      const why = await softwareGpu(name)
      if (why) {
        skipped.push({ name, reason: why })
        continue
      }
    }
    if (name === 'wasm') {
      prepareWasm()
      registerWasmIdentity()
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready()
        if (name !== 'cpu' && name !== 'wasm') return { name, skipped, lstmThreads: 1 }
        const lstmThreads = await startLstmThreads()
        return { name, skipped, lstmThreads, simdOff: simdOffReason(), helperFailed: lstmHelperFailure() }
      }
      skipped.push({ name, reason: 'failed to initialise' })
    } catch (e) {
      skipped.push({ name, reason: (e as Error).message })
    }
  }
  throw new Error(`train: no backend could start (${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`)
}

/**
 * The fused LSTM kernels exist for cpu, wasm and webgpu (WGSL, proven against the stock layer in
 * e2e/webgpuLstm.spec.ts); on WebGL the stock layer runs.
 */
export function fusedAvailable(name: BackendName): boolean {
  return name === 'cpu' || name === 'wasm' || name === 'webgpu'
}
