import type { BatchLog } from '../train/fit'

/**
 * Per-batch numbers, kept out of React state: a training run posts dozens of batches a second, and the
 * progress bar and charts read them on their own timers instead of re-rendering the page for each.
 */
export const trainLive = {
  /** Batch losses, oldest first, for the batch-loss chart. */
  batchLoss: [] as number[],
  last: undefined as BatchLog | undefined,
  startedAt: 0,
  /** Batches done across the run, and the run's total: for the ETA. */
  done: 0,
  total: 0,
  reset(total: number) {
    this.batchLoss = []
    this.last = undefined
    this.startedAt = performance.now()
    this.done = 0
    this.total = total
  },
  push(b: BatchLog) {
    this.batchLoss.push(b.loss)
    this.last = b
    this.done++
  },
}

/**
 * At most `points` values, each the mean of a run of neighbours: the chart draws a few hundred points
 * however many batches there were.
 */
export function decimate(values: readonly number[], points: number): { x: number; y: number }[] {
  const step = Math.max(1, Math.ceil(values.length / points))
  const out: { x: number; y: number }[] = []
  for (let i = 0; i < values.length; i += step) {
    let sum = 0
    const end = Math.min(values.length, i + step)
    for (let j = i; j < end; j++) sum += values[j]!
    out.push({ x: end, y: sum / (end - i) })
  }
  return out
}
