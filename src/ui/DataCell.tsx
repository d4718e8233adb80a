import { useState } from 'react'
import { seriesKey } from '../data/types'
import { exportFeather, exportParquet, runDataCell } from '../store/actions'
import { useStudio } from '../store/store'
import { formatUtc } from '../util/time'
import { Cell } from './Cell'
import { BinanceForm } from './BinanceForm'
import { FileForm } from './FileForm'
import { Fold } from './Fold'
import { PriceChart } from './PriceChart'
import { SeriesTable } from './SeriesTable'
import { SourcePicker } from './SourcePicker'

export function DataCell() {
  const source = useStudio((s) => s.config.data.source)
  const { dataset, selected, notes } = useStudio((s) => s.data)
  const running = useStudio((s) => s.cells.data.status === 'running')
  const shown = dataset?.series.find((s) => seriesKey(s) === selected) ?? dataset?.series[0]
  const runLabel = source === 'binance' ? 'Run (fetch)' : source === 'file' ? 'Run (load file)' : 'Run (load bundled)'
  return (
    <Cell id="data" onRun={() => void runDataCell()} runLabel={runLabel}>
      <SourcePicker />
      {source === 'binance' && <BinanceForm />}
      {source === 'file' && <FileForm />}
      {notes.length > 0 && <Notes notes={notes} />}
      {dataset && (
        <>
          <p className="summary">
            {dataset.series.length} series from {dataset.source === 'bundled' ? 'the bundled dataset' : dataset.origin},{' '}
            {dataset.series.reduce((n, s) => n + s.candles.openTime.length, 0).toLocaleString('en')} bars.{' '}
            <button type="button" onClick={() => void exportParquet()} disabled={running}>Export Parquet</button>{' '}
            {shown && (
              <button type="button" onClick={() => void exportFeather(seriesKey(shown))} disabled={running}>
                Export Feather ({seriesKey(shown)})
              </button>
            )}
          </p>
          <Fold id="data:series" label="Loaded series" summary={`${dataset.series.length.toLocaleString('en')} series${shown ? `, ${seriesKey(shown)} drawn below` : ''}`} rows={dataset.series.length}>
            <SeriesTable dataset={dataset} selected={shown && seriesKey(shown)} />
          </Fold>
          {shown && <PriceChart series={shown} />}
          {shown && shown.gaps.length > 0 && (
            <details>
              <summary>{shown.gaps.length} gap(s) in {seriesKey(shown)}</summary>
              <ul aria-label={`Gaps in ${seriesKey(shown)}`}>
                {shown.gaps.slice(0, 100).map((g) => <li key={g.after}>{formatUtc(g.after)} → {formatUtc(g.before)}: {g.missing} bar(s) missing</li>)}
                {shown.gaps.length > 100 && <li>… and {(shown.gaps.length - 100).toLocaleString('en')} more</li>}
              </ul>
            </details>
          )}
        </>
      )}
    </Cell>
  )
}

const NOTES_SHOWN = 10

/** Loading notes, the first few unless asked for all: two thousand series can bring two thousand notes. */
function Notes({ notes }: { notes: string[] }) {
  const [all, setAll] = useState(false)
  const shown = all ? notes : notes.slice(0, NOTES_SHOWN)
  return (
    <>
      <ul className="notes" aria-label="Data notes">
        {shown.map((n, i) => <li key={i}>{n}</li>)}
      </ul>
      {notes.length > shown.length && (
        <button type="button" onClick={() => setAll(true)}>Show all {notes.length.toLocaleString('en')} notes</button>
      )}
    </>
  )
}
