import { adoptHelper, CONTROL_INTS, lstmThreads } from './lstmThreads'
import { simd } from '../../wasm/simdKernels'

/** How long a helper may take to load and say it is ready (ms). */
const READY_TIMEOUT_MS = 15_000
/** Most threads the LSTM runs on, the caller included: beyond the default 8 lanes only a run with more lanes gains. */
export const MAX_LSTM_THREADS = 16

let starting: Promise<void> | undefined
/** Why the helper failed to start, once it has. */
let failure: string | undefined

/**
 * Starts the fused LSTM's helper threads (lstmThreads.ts) once, where they can help: wasm SIMD on a
 * shared arena (a cross-origin isolated page), Workers, and at least two cores — one helper per core
 * beyond the caller's (navigator.hardwareConcurrency), at most MAX_LSTM_THREADS threads in all.
 * Resolves to the threads the LSTM may run on now; never rejects — without helpers it runs on one.
 */
export async function startLstmThreads(): Promise<number> {
  starting ??= start()
  await starting
  return lstmThreads()
}

/**
 * Why a helper thread failed to start (it did not load, or did not say it was ready in time), for the Train
 * cell and the bench; undefined when all started or none was tried. Where they cannot help (no shared memory, no
 * Worker, one core, no SIMD kernels) nothing failed, and the LSTM simply runs on one thread.
 */
export function lstmHelperFailure(): string | undefined {
  return failure
}

async function start(): Promise<void> {
  const kernels = simd()
  if (kernels === null || typeof SharedArrayBuffer !== 'function' || !(kernels.memory.buffer instanceof SharedArrayBuffer)) return
  if (typeof Worker !== 'function') return
  const cores = Math.min(MAX_LSTM_THREADS, globalThis.navigator?.hardwareConcurrency ?? 1)
  const started = await Promise.allSettled(Array.from({ length: cores - 1 }, () => startHelper(kernels)))
  const failed = started.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []))
  if (failed.length === 0) return
  failure = failed[0]
  const threads = cores - failed.length
  console.warn(`fusedLstm: ${failed.length} of ${cores - 1} helper threads did not start (${failure}); the LSTM runs on ${threads} thread${threads === 1 ? '' : 's'}`)
}

async function startHelper(kernels: NonNullable<ReturnType<typeof simd>>): Promise<void> {
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
