import type { BatchLog } from '../train/fit'

/**
 * Hands batch logs on in bundles, at most one bundle every `everyMs` (the first batch and each epoch's last go at
 * once): at batch 32 a step takes milliseconds, and a message and a yield after each cost the training worker
 * 2.4 ms a batch, 3 % of the epoch, in `npm run bench -- fit` on a loaded two-core machine.
 */
export function progressBundler(send: (logs: BatchLog[]) => void, everyMs: number, now: () => number = () => performance.now()) {
  let pending: BatchLog[] = []
  let sent = -Infinity
  const flush = () => {
    if (pending.length === 0) return
    send(pending)
    pending = []
    sent = now()
  }
  return {
    add(log: BatchLog): void {
      pending.push(log)
      if (log.batch === log.batches || now() - sent >= everyMs) flush()
    },
    /** Sends what is held (before an epoch's log, or the end of a run). */
    flush,
  }
}

/**
 * Runs `yieldNow` (a macrotask that lets Pause and Stop in) when `everyMs` have passed since it last ran, else
 * resolves at once: a yield between every two batches cost as much as their messages.
 */
export function throttledYield(yieldNow: () => Promise<void>, everyMs: number, now: () => number = () => performance.now()): () => Promise<void> {
  let last = -Infinity
  return async () => {
    if (now() - last < everyMs) return
    await yieldNow()
    last = now()
  }
}
