import type { BackendName } from './backends'

/** What the backend choice found about the studio's kernels (backends.ts fills it on cpu and wasm). */
export interface KernelState {
  /** The backend training runs on. */
  name: BackendName
  /** Why the wasm SIMD kernels are off, when they are. */
  simdOff?: string
  /** Why a fused LSTM helper thread failed to start, when one did. */
  helperFailed?: string
  /** Threads the fused LSTM runs on all the same (1 when no helper started). */
  lstmThreads?: number
}

/**
 * The Train cell's notes about kernels that are not running as they should: a speed loss that would otherwise show
 * only as a slow machine (the JS fallback of the wasm SIMD kernels is many times slower) or only in the console.
 * Empty when all is well. The bench prints the same lines.
 */
export function kernelNotices(k: KernelState, lstm: 'fused' | 'stock'): string[] {
  const notices: string[] = []
  if (k.simdOff !== undefined && (k.name === 'cpu' || k.name === 'wasm')) {
    const what = lstm === 'fused' ? 'the fused LSTM and the Conv1D gradients run' : 'the Conv1D gradients run'
    notices.push(`The wasm SIMD kernels are off (${k.simdOff}): ${what} as plain JavaScript loops, several times slower.`)
  }
  if (k.helperFailed !== undefined && lstm === 'fused') {
    const threads = k.lstmThreads ?? 1
    const who = threads > 1 ? 'Some LSTM helper threads' : 'The LSTM helper thread'
    notices.push(`${who} did not start (${k.helperFailed}); the fused LSTM runs on ${threads > 1 ? `${threads} threads` : 'one thread'}, with the same numbers.`)
  }
  return notices
}
