import type { CoinFeatures } from '../features/types'
import { copyCoin, type ModelReplies, type ModelRequest, type TrainCommand, type TrainEvent } from './trainProtocol'

type Request<K extends ModelRequest['type']> = Omit<Extract<ModelRequest, { type: K }>, 'id' | 'type' | 'coins'>

/**
 * One dedicated worker that trains a model and keeps it: training events arrive in order, ending with 'done'
 * or 'error'; requests about the kept model (evaluate, artifacts, load) are answered as promises.
 */
export class TrainSession {
  private readonly worker: Worker
  private next = 1
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()

  constructor(onEvent: (e: TrainEvent) => void) {
    this.worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' })
    this.worker.onmessage = (e: MessageEvent<TrainEvent>) => {
      const ev = e.data
      if (ev.type !== 'reply') return onEvent(ev)
      const p = this.pending.get(ev.id)
      this.pending.delete(ev.id)
      if (ev.ok) p?.resolve(ev.value)
      else p?.reject(new Error(ev.message))
    }
    this.worker.onerror = (e) => {
      const message = `train: the training worker failed (${e.message || 'could not start'})`
      for (const p of this.pending.values()) p.reject(new Error(message))
      this.pending.clear()
      onEvent({ type: 'error', message })
    }
  }

  /** Sends copies of the coins' arrays (transferred); the page keeps its own. */
  start(cmd: Omit<Extract<TrainCommand, { type: 'start' }>, 'type' | 'coins'>, coins: CoinFeatures[]): void {
    const copies = coins.map(copyCoin)
    this.worker.postMessage({ ...cmd, type: 'start', coins: copies.map((c) => c.coin) } satisfies TrainCommand, copies.flatMap((c) => c.buffers))
  }

  /** Evaluates the kept model; `extra` coins (copies sent) are scored beside the ones it trained on. */
  evaluate(req: Omit<Request<'evaluate'>, 'extra'>, extra: CoinFeatures[] = []): Promise<ModelReplies['evaluate']> {
    const copies = extra.map(copyCoin)
    return this.request({ ...req, type: 'evaluate', extra: copies.map((c) => c.coin) }, copies.flatMap((c) => c.buffers)) as Promise<ModelReplies['evaluate']>
  }

  artifacts(): Promise<ModelReplies['artifacts']> {
    return this.request({ type: 'artifacts' }) as Promise<ModelReplies['artifacts']>
  }

  /** Loads saved artifacts into this worker, with copies of the coins to evaluate them on. */
  load(req: Request<'load'>, coins: CoinFeatures[]): Promise<ModelReplies['load']> {
    const copies = coins.map(copyCoin)
    return this.request({ ...req, type: 'load', coins: copies.map((c) => c.coin) }, copies.flatMap((c) => c.buffers)) as Promise<ModelReplies['load']>
  }

  /** The kept model's raw outputs for windows built elsewhere (live mode); `h1` and `m15` are transferred. */
  predict(h1: Float32Array, m15: Float32Array, n: number): Promise<ModelReplies['predict']> {
    return this.request({ type: 'predict', h1, m15, n }, [h1.buffer as ArrayBuffer, m15.buffer as ArrayBuffer]) as Promise<ModelReplies['predict']>
  }

  private request(req: DistributiveOmit<ModelRequest, 'id'>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const id = this.next++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.postMessage({ ...req, id } as TrainCommand, transfer)
    })
  }

  pause(): void {
    this.worker.postMessage({ type: 'pause' } satisfies TrainCommand)
  }

  resume(): void {
    this.worker.postMessage({ type: 'resume' } satisfies TrainCommand)
  }

  stop(): void {
    this.worker.postMessage({ type: 'stop' } satisfies TrainCommand)
  }

  terminate(): void {
    for (const p of this.pending.values()) p.reject(new Error('train: the model worker was replaced by a new run'))
    this.pending.clear()
    this.worker.terminate()
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
