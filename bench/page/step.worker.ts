/// <reference lib="webworker" />
import { chooseBackend } from '../../src/workers/backends'
import type { Envelope } from '../../src/workers/protocol'
import { benchRow } from './train'
import type { StepRequest, TrainBenchRow } from './types'

/**
 * The step benchmark in a worker, as the fit loop runs in the training worker: a page's main thread may not
 * block in Atomics.wait and spins while the LSTM's helpers work, which on a busy two-core machine takes a core
 * from them; a worker waits.
 */
self.onmessage = async (e: MessageEvent<{ id: number; req: StepRequest }>) => {
  const { id, req } = e.data
  try {
    await chooseBackend('wasm')
    const row = await benchRow('wasm', 'fused', 2, req.batch, req.features, req.window, req.options)
    self.postMessage({ id, ok: true, value: row } satisfies Envelope<TrainBenchRow>)
  } catch (err) {
    self.postMessage({ id, ok: false, message: (err as Error).message } satisfies Envelope<TrainBenchRow>)
  }
}
