import { adoptHelper, CONTROL_INTS, lstmThreads } from './lstmThreads'
import { simd } from '../../wasm/simdKernels'

/** How long the helper may take to load and say it is ready (ms). */
const READY_TIMEOUT_MS = 15_000

let starting: Promise<void> | undefined
/** Why the helper failed to start, once it has. */
let failure: string | undefined

/**
 * Starts the fused LSTM's helper thread (lstmThreads.ts) once, where it can help: wasm SIMD on a
 * shared arena (a cross-origin isolated page), Workers, and at least two cores. Resolves to the
 * threads the LSTM runs on now; never rejects — without a helper the LSTM runs on one thread.
 */
export async function startLstmThreads(): Promise<1 | 2> {
  starting ??= start().catch((e: unknown) => {
    failure = (e as Error).message
    console.warn(`fusedLstm: no helper thread (${failure}); the LSTM runs on one thread`)
  })
  await starting
  return lstmThreads()
}

/**
 * Why the helper thread failed to start (it did not load, or did not say it was ready in time), for the Train
 * cell and the bench; undefined when it started or was never tried. Where it cannot help (no shared memory, no
 * Worker, one core, no SIMD kernels) nothing failed, and the LSTM simply runs on one thread.
 */
export function lstmHelperFailure(): string | undefined {
  return failure
}

async function start(): Promise<void> {
  const kernels = simd()
  if (kernels === null || typeof SharedArrayBuffer !== 'function' || !(kernels.memory.buffer instanceof SharedArrayBuffer)) return
  if (typeof Worker !== 'function' || (globalThis.navigator?.hardwareConcurrency ?? 1) < 2) return
  const ctrl = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4))
  const worker = new Worker(new URL('./lstmThread.worker.ts', import.meta.url), { type: 'module', name: 'lstm-helper' })
  const ready = await new Promise<string | true>((resolve) => {
    const timer = setTimeout(() => resolve(`not ready after ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS)
    worker.onmessage = (e: MessageEvent<unknown>) => {
      clearTimeout(timer)
      resolve(e.data === 'ready' ? true : String((e.data as { error?: string }).error ?? e.data))
    }
    worker.onerror = (e) => {
      clearTimeout(timer)
      resolve(e.message || 'the worker failed to load')
    }
    worker.postMessage({ module: kernels.module, memory: kernels.memory, ctrl, fma: kernels.fma })
  })
  if (ready !== true) {
    worker.terminate()
    throw new Error(ready)
  }
  worker.onmessage = null
  adoptHelper(worker, ctrl)
}
