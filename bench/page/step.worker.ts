/// <reference lib="webworker" />
import { chooseBackend } from '../../src/workers/backends'
import type { Envelope } from '../../src/workers/protocol'
import { DEFAULT_LANES, setLstmLanes } from '../../src/kernels/lstm/lstmLayout'
import { setLstmThreadLimit } from '../../src/kernels/lstm/threads/lstmThreads'
import { benchRow } from './train'
import type { StepRequest, TrainBenchRow } from './types'

/**
 * The step benchmark in a worker, as the fit loop runs in the training worker: a page's main thread may not
 * block in Atomics.wait and spins while the LSTM's helpers work, which on a busy two-core machine takes a core
 * from them; a worker waits. Runs the fused LSTM on wasm at the threads and lanes asked for.
 */
self.onmessage = async (e: MessageEvent<{ id: number; req: StepRequest }>) => {
  const { id, req } = e.data
  try {
    const { lstmThreads, helperFailed, simdOff } = await chooseBackend('wasm')
    // As the Train cell says it: a row on fewer threads or without SIMD than asked is slower, and why.
    if (helperFailed || simdOff) console.info(`bench: step worker: helper ${helperFailed ?? 'started'}; SIMD ${simdOff ?? 'on'}`)
    const threads = Math.min(lstmThreads, req.threads ?? Infinity), lanes = req.lanes ?? DEFAULT_LANES
    setLstmThreadLimit(threads)
    setLstmLanes(lanes)
    try {
      const row = await benchRow('wasm', 'fused', threads, req.batch, req.features, req.window, req.options, lanes)
      self.postMessage({ id, ok: true, value: row } satisfies Envelope<TrainBenchRow>)
    } finally {
      setLstmThreadLimit(Infinity)
      setLstmLanes(DEFAULT_LANES)
    }
  } catch (err) {
    self.postMessage({ id, ok: false, message: (err as Error).message } satisfies Envelope<TrainBenchRow>)
  }
}
