import { useState } from 'react'
import { dataConfigSchema } from '../config/runConfig'
import { INTERVALS, SEED_PAIRS, type Interval } from '../data/types'
import { loadBundled, setDataConfig } from '../store/actions'
import { useStudio } from '../store/store'

const SOURCES = [
  { id: 'bundled', label: 'Bundled candles (offline)' },
  { id: 'binance', label: 'Fetch from Binance' },
  { id: 'file', label: 'My file (Parquet or CSV)' },
] as const

/** Which source the Data cell runs, and the pairs and intervals the bundle and Binance fetch use. */
export function SourcePicker() {
  const { source, pairs, intervals } = useStudio((s) => s.config.data)
  const running = useStudio((s) => s.cells.data.status === 'running')
  const [pairsText, setPairsText] = useState(pairs.join(', '))
  const [pairsError, setPairsError] = useState<string>()

  const onPairs = (text: string) => {
    setPairsText(text)
    const list = text.split(/[\s,]+/).filter(Boolean).map((p) => p.toUpperCase())
    const r = dataConfigSchema.shape.pairs.safeParse(list)
    if (r.success) {
      setPairsError(undefined)
      setDataConfig({ pairs: r.data })
    } else {
      setPairsError(`Pairs: ${r.error.issues.map((i) => (i.path.length ? `'${list[i.path[0] as number]}' is not ${i.message}` : i.message)).join('; ')}`)
    }
  }

  const toggleInterval = (iv: Interval, on: boolean) => {
    const next = INTERVALS.filter((i) => (i === iv ? on : intervals.includes(i)))
    if (next.length > 0) setDataConfig({ intervals: next })
  }

  return (
    <div className="source">
      <fieldset>
        <legend>Source</legend>
        {SOURCES.map((s) => (
          <label key={s.id}>
            <input type="radio" name="source" value={s.id} checked={source === s.id} onChange={() => setDataConfig({ source: s.id })} />
            {s.label}
          </label>
        ))}
      </fieldset>
      {source !== 'file' && (
        <div className="row">
          <label>
            Pairs <input value={pairsText} onChange={(e) => onPairs(e.target.value)} size={60} aria-invalid={!!pairsError} />
          </label>
          <button type="button" onClick={() => onPairs(SEED_PAIRS.join(', '))}>All 22</button>
          {INTERVALS.map((iv) => (
            <label key={iv}>
              <input type="checkbox" checked={intervals.includes(iv)} onChange={(e) => toggleInterval(iv, e.target.checked)} /> {iv}
            </label>
          ))}
          {source === 'bundled' && (
            <button type="button" onClick={() => void loadBundled()} disabled={running}>Load bundled data</button>
          )}
          {pairsError && <p className="field-error" role="alert">{pairsError}</p>}
        </div>
      )}
    </div>
  )
}
