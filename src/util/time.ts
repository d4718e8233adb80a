/** 2024-01-01T00:00Z style: minutes precision, always UTC, so tables read the same in every time zone. */
export function formatUtc(ms: number): string {
  // Beyond ±8.64e15 ms a Date is invalid and toISOString throws; a table cell must never throw.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return '—'
  return new Date(ms).toISOString().slice(0, 16) + 'Z'
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${s % 60} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(t)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
