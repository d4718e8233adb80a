import type { Envelope } from './protocol'

/**
 * Request/response over a worker: each call gets an id, the worker answers with the same id. An error
 * thrown in the worker is re-thrown here as an Error with the worker's message.
 */
export function workerClient<Req, Res>(worker: Worker): { call(req: Req, transfer?: Transferable[]): Promise<Res>; terminate(): void } {
  let next = 1
  const pending = new Map<number, { resolve(v: Res): void; reject(e: Error): void }>()
  worker.onmessage = (e: MessageEvent<Envelope<Res>>) => {
    const p = pending.get(e.data.id)
    if (!p) return
    pending.delete(e.data.id)
    if (e.data.ok) p.resolve(e.data.value)
    else p.reject(new Error(e.data.message))
  }
  worker.onerror = (e) => {
    // A worker that fails to load or throws outside a request takes every pending call with it.
    const err = new Error(`worker: ${e.message || 'failed to start'}`)
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }
  return {
    call(req, transfer = []) {
      const id = next++
      return new Promise<Res>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.postMessage({ id, req }, transfer)
      })
    },
    terminate: () => worker.terminate(),
  }
}
