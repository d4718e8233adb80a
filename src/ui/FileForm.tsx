import { INTERVALS, type Interval } from '../data/types'
import { loadFile, reloadFile, setFileHint } from '../store/actions'
import { useStudio } from '../store/store'

/** Upload a Parquet or CSV file; symbol and interval are asked for only when the file does not say them. */
export function FileForm() {
  const hint = useStudio((s) => s.data.fileHint)
  const pending = useStudio((s) => s.data.pendingFile)
  const running = useStudio((s) => s.cells.data.status === 'running')
  return (
    <div className="file">
      <div className="row">
        <label>
          Upload data file
          <input
            type="file"
            accept=".parquet,.csv,.txt,.feather"
            multiple
            disabled={running}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])]
              if (files.length) void loadFile(...files)
              e.target.value = '' // choosing the same file again must fire a change
            }}
          />
        </label>
        <label>
          Symbol <input value={hint.symbol} placeholder="from file" size={10} onChange={(e) => setFileHint({ symbol: e.target.value })} />
        </label>
        <label>
          Interval
          <select value={hint.interval} onChange={(e) => setFileHint({ interval: e.target.value as Interval | '' })}>
            <option value="">from file</option>
            {INTERVALS.map((i) => <option key={i} value={i}>{i}</option>)}
          </select>
        </label>
        {pending && <button type="button" onClick={() => void reloadFile()} disabled={running}>Load {pending} again</button>}
      </div>
      <p className="muted">
        One or more files. Long format with columns <code>symbol, interval, open_time, open, high, low, close, volume</code>, or one series
        named like <code>BTCUSDT-1h.parquet</code>, or freqtrade's <code>BTC_USDT-1h.feather</code>. <code>open_time</code> in epoch seconds, milliseconds, microseconds or nanoseconds, as a timestamp, or ISO 8601 (UTC).
      </p>
    </div>
  )
}
