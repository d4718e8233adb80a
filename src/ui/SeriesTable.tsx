import { useState } from 'react'
import type { Dataset } from '../data/types'
import { seriesKey } from '../data/types'
import { selectSeries } from '../store/actions'
import { formatUtc } from '../util/time'

const SOURCE_LABEL = { bundled: 'bundled', binance: 'Binance', file: 'file' } as const

/** Rows drawn at once: thousands of series must cost no more to draw than a page of them. */
export const SERIES_PAGE = 50

/** One row per series, a page at a time; clicking a row draws it in the price chart. */
export function SeriesTable({ dataset, selected }: { dataset: Dataset; selected?: string }) {
  const n = dataset.series.length
  const pages = Math.max(1, Math.ceil(n / SERIES_PAGE))
  const [wanted, setPage] = useState<number | undefined>(undefined)
  // Until the user turns pages, show the page holding the selected series.
  const selectedAt = selected === undefined ? -1 : dataset.series.findIndex((s) => seriesKey(s) === selected)
  const page = Math.min(wanted ?? Math.max(0, Math.floor(selectedAt / SERIES_PAGE)), pages - 1)
  const from = page * SERIES_PAGE
  const shown = dataset.series.slice(from, from + SERIES_PAGE)
  return (
    <>
      {pages > 1 && (
        <div className="row" role="navigation" aria-label="Series pages">
          <button type="button" onClick={() => setPage(page - 1)} disabled={page === 0}>Previous</button>
          <span>
            Series {(from + 1).toLocaleString('en')}–{(from + shown.length).toLocaleString('en')} of {n.toLocaleString('en')}
          </span>
          <button type="button" onClick={() => setPage(page + 1)} disabled={page === pages - 1}>Next</button>
        </div>
      )}
      <table className="series" aria-label="Loaded series">
        <thead>
          <tr>
            <th>Symbol</th><th>Interval</th><th className="num">Rows</th><th>First (UTC)</th><th>Last (UTC)</th><th>Gaps</th><th>Source</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => {
            const key = seriesKey(s)
            const t = s.candles.openTime
            const missing = s.gaps.reduce((k, g) => k + g.missing, 0)
            return (
              <tr key={key} aria-selected={key === selected} onClick={() => selectSeries(key)} className={key === selected ? 'selected' : undefined}>
                <td>{s.symbol}</td>
                <td>{s.interval}</td>
                <td className="num">{t.length.toLocaleString('en')}</td>
                <td>{formatUtc(t[0]!)}</td>
                <td>{formatUtc(t[t.length - 1]!)}</td>
                <td title={gapTitle(s.gaps)}>{s.gaps.length === 0 ? 'none' : `${s.gaps.length} (${missing} bars)`}</td>
                <td>{SOURCE_LABEL[s.source]}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </>
  )
}

/** The first gaps as a tooltip; a series with thousands of gaps must not build a megabyte of text per row. */
function gapTitle(gaps: Dataset['series'][number]['gaps']): string {
  const first = gaps.slice(0, 20).map((g) => `${formatUtc(g.after)} → ${formatUtc(g.before)}: ${g.missing} missing`)
  return gaps.length > 20 ? `${first.join('\n')}\n… and ${gaps.length - 20} more` : first.join('\n')
}
