import type { CoinFeatures } from '../features/types'
import { copyCoin, type TrainCommand, type TrainEvent } from './trainProtocol'

/** One training run in its own dedicated worker; events arrive in order, ending with 'done' or 'error'. */
export class TrainSession {
  private readonly worker: Worker

  constructor(onEvent: (e: TrainEvent) => void) {
    this.worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' })
    this.worker.onmessage = (e: MessageEvent<TrainEvent>) => onEvent(e.data)
    this.worker.onerror = (e) => onEvent({ type: 'error', message: `train: the training worker failed (${e.message || 'could not start'})` })
  }

  /** Sends copies of the coins' arrays (transferred); the page keeps its own. */
  start(cmd: Omit<Extract<TrainCommand, { type: 'start' }>, 'type' | 'coins'>, coins: CoinFeatures[]): void {
    const copies = coins.map(copyCoin)
    this.worker.postMessage({ ...cmd, type: 'start', coins: copies.map((c) => c.coin) } satisfies TrainCommand, copies.flatMap((c) => c.buffers))
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
    this.worker.terminate()
  }
}
