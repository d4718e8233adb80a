import { useEffect } from 'react'
import { continueLive, endLive, setLiveBaseUrl, startLive, startLiveFromFiles, stopLive } from '../store/liveActions'
import { onPageVisible } from '../store/liveRefresh'
import { downloadLatest, downloadScored, exportLive } from '../store/liveExport'
import { useLive } from '../store/liveStore'
import { useStudio } from '../store/store'
import { formatUtc } from '../util/time'
import { FilesPicker } from './FilesPicker'
import { LiveAccount, LiveForecasts, LiveLog, LiveScoresTable } from './LiveTables'
import { useNow } from './useNow'

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19)

/**
 * The model meets the market: forecasts of the next hour from the exchange's latest closed bars every 15 minutes,
 * scored when their hour closes, and a paper account trading them by the Backtest rule. Runs beside the notebook.
 */
export function LiveCell() {
  const live = useLive()
  const trained = useStudio((s) => s.cells.train.status === 'done')
  const defaultUrl = useStudio((s) => s.config.data.binance.baseUrl)
  const now = useNow(!!live.retry, 1000)
  useEffect(() => {
    void continueLive()
    document.addEventListener('visibilitychange', onPageVisible)
    return () => document.removeEventListener('visibilitychange', onPageVisible)
  }, [])
  const s = live.session
  const status = live.status === 'running' ? (live.refreshing ? 'running: refreshing' : 'running') : live.status
  const busy = live.status === 'starting'
  return (
    <section className={`cell cell-${live.status === 'running' ? 'done' : live.error ? 'error' : 'idle'}`} aria-labelledby="cell-live-title">
      <header className="cell-head">
        <h2 id="cell-live-title">Live</h2>
        <span className="cell-status" role="status" aria-label="Live status">{status}</span>
      </header>
      {live.error && <div className="cell-error" role="alert">{live.error}</div>}
      <div className="cell-body">
        <p className="muted">
          Forecasts the next hour for the run&apos;s coins from the exchange&apos;s latest closed 1h and 15m bars, with the run&apos;s own
          feature set and statistics; refreshes at every 15m bar close by the exchange&apos;s clock and scores each forecast when its hour
          closes. No API keys: the studio never asks for or stores them and places no orders (a static page cannot keep a secret).
        </p>
        <div className="row">
          <label>Live exchange URL <input value={live.baseUrl} placeholder={defaultUrl} onChange={(e) => setLiveBaseUrl(e.target.value.trim())} /></label>
          <button type="button" disabled={!trained || busy} onClick={() => void startLive()}>Start live with this model</button>
          <FilesPicker label="Live from model files" disabled={busy} onFiles={(files) => void startLiveFromFiles(files)} />
        </div>
        {s && (
          <div className="row">
            {live.status === 'running' ? <button type="button" onClick={stopLive}>Stop</button> : <button type="button" disabled={busy} onClick={() => void continueLive()}>Continue</button>}
            <button type="button" onClick={() => void endLive()}>End session</button>
            <button type="button" onClick={() => void exportLive()}>Export live Parquet</button>
            <button type="button" disabled={!s.forecasts.length} onClick={downloadLatest}>Download latest JSON</button>
            <button type="button" onClick={downloadScored}>Download scored JSON</button>
          </div>
        )}
        {s && (
          <p aria-label="Live session">
            {live.model?.name}, {live.model?.backend}; {s.symbols.join(' ')} from {s.baseUrl}, since {formatUtc(s.startedAt)}.{' '}
            {live.status === 'running' && live.nextAt !== undefined && !live.retry && <>Next refresh at {clock(live.nextAt)} UTC (exchange time).</>}
          </p>
        )}
        {live.retry && (
          <p className="wait" role="alert" aria-label="Live retry">
            {live.retry.message} — the session is kept; try {live.retry.attempt + 1} at {clock(live.retry.at)} UTC
            {now < live.retry.at ? ` (in ${Math.ceil((live.retry.at - now) / 1000)} s)` : ''}.
          </p>
        )}
        {live.notes.length > 0 && <ul className="notes" aria-label="Live notes">{live.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
        {s && <LiveForecasts />}
        {s && <LiveScoresTable />}
        {s && <LiveAccount />}
        {s && <LiveLog />}
      </div>
    </section>
  )
}
