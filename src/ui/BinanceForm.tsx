import { useState } from 'react'
import { dataConfigSchema } from '../config/runConfig'
import { cancelFetch, fetchFromBinance, setBinanceConfig } from '../store/actions'
import { useStudio } from '../store/store'
import { formatDuration } from '../util/time'
import { useNow } from './useNow'

const binanceSchema = dataConfigSchema.shape.binance.shape

/** API base URL, history and pacing; Fetch, Cancel, and live progress with ETA and rate-limit countdown. */
export function BinanceForm() {
  const b = useStudio((s) => s.config.data.binance)
  const progress = useStudio((s) => s.data.progress)
  const running = useStudio((s) => s.cells.data.status === 'running')
  const fetching = running && progress !== undefined
  const [errors, setErrors] = useState<Record<string, string | undefined>>({})

  /** Keeps the raw text in the field; the config changes only when the value is valid. */
  const field = <K extends keyof typeof binanceSchema>(key: K, label: string, value: unknown) => {
    const r = binanceSchema[key].safeParse(value)
    setErrors((e) => ({ ...e, [key]: r.success ? undefined : `${label}: ${r.error.issues[0]?.message}` }))
    if (r.success) setBinanceConfig({ [key]: r.data })
  }
  const h = b.history
  const today = new Date().toISOString().slice(0, 10)

  return (
    <div className="binance">
      <div className="row">
        <label>
          API base URL <input type="url" defaultValue={b.baseUrl} size={32} onChange={(e) => field('baseUrl', 'API base URL', e.target.value.trim())} />
        </label>
        <label>
          History
          <select
            value={h.kind}
            onChange={(e) => field('history', 'History', e.target.value === 'bars' ? { kind: 'bars', bars: 2000 } : { kind: 'range', start: '2024-05-01', end: today })}
          >
            <option value="bars">last N hours</option>
            <option value="range">date range (UTC)</option>
          </select>
        </label>
        {h.kind === 'bars' ? (
          <label>
            Hours <input type="number" min={60} defaultValue={h.bars} onChange={(e) => field('history', 'Hours', { kind: 'bars', bars: Number(e.target.value) })} />
          </label>
        ) : (
          <>
            <label>From <input type="date" value={h.start} onChange={(e) => field('history', 'From', { ...h, start: e.target.value })} /></label>
            <label>To <input type="date" value={h.end} onChange={(e) => field('history', 'To', { ...h, end: e.target.value })} /></label>
          </>
        )}
        <label>
          Spacing (ms) <input type="number" min={100} defaultValue={b.spacingMs} onChange={(e) => field('spacingMs', 'Spacing', Number(e.target.value))} />
        </label>
      </div>
      <p className="muted">
        The 15m stream covers the same hours as the 1h stream. Fetched candles are cached in this browser; fetching again
        asks only for newer bars.
      </p>
      {Object.values(errors).filter(Boolean).map((e) => <p key={e} className="field-error" role="alert">{e}</p>)}
      <div className="row">
        <button type="button" onClick={() => void fetchFromBinance()} disabled={running || Object.values(errors).some(Boolean)}>
          Fetch from Binance
        </button>
        <button type="button" onClick={cancelFetch} disabled={!fetching}>Cancel</button>
      </div>
      {fetching && <FetchStatus />}
    </div>
  )
}

function FetchStatus() {
  const p = useStudio((s) => s.data.progress)!
  const now = useNow(true)
  const elapsed = now - p.startedAt
  const eta = p.done > 0 ? (elapsed / p.done) * (p.total - p.done) : NaN
  return (
    <div className="progress">
      <progress aria-label="Fetch progress" max={p.total} value={p.done} />
      <span>
        {p.done} / {p.total} requests{p.current ? ` · ${p.current}` : ''} · ETA {formatDuration(eta)}
        {p.usedWeight !== undefined ? ` · weight ${p.usedWeight}/min` : ''}
      </span>
      {p.waitUntil !== undefined && (
        <p role="status" className="wait">
          Rate-limited by the exchange: resuming in {Math.max(0, Math.ceil((p.waitUntil - now) / 1000))} s
        </p>
      )}
    </div>
  )
}
