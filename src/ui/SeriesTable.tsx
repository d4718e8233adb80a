import type { Dataset } from '../data/types'
import { seriesKey } from '../data/types'
import { selectSeries } from '../store/actions'
import { formatUtc } from '../util/time'

const SOURCE_LABEL = { bundled: 'bundled', binance: 'Binance', file: 'file' } as const

/** One row per series; clicking a row draws it in the price chart. */
export function SeriesTable({ dataset, selected }: { dataset: Dataset; selected?: string }) {
  return (
    <table className="series" aria-label="Loaded series">
      <thead>
        <tr>
          <th>Symbol</th><th>Interval</th><th className="num">Rows</th><th>First (UTC)</th><th>Last (UTC)</th><th>Gaps</th><th>Source</th>
        </tr>
      </thead>
      <tbody>
        {dataset.series.map((s) => {
          const key = seriesKey(s)
          const t = s.candles.openTime
          const missing = s.gaps.reduce((n, g) => n + g.missing, 0)
          return (
            <tr key={key} aria-selected={key === selected} onClick={() => selectSeries(key)} className={key === selected ? 'selected' : undefined}>
              <td>{s.symbol}</td>
              <td>{s.interval}</td>
              <td className="num">{t.length.toLocaleString('en')}</td>
              <td>{formatUtc(t[0]!)}</td>
              <td>{formatUtc(t[t.length - 1]!)}</td>
              <td title={s.gaps.map((g) => `${formatUtc(g.after)} → ${formatUtc(g.before)}: ${g.missing} missing`).join('\n')}>
                {s.gaps.length === 0 ? 'none' : `${s.gaps.length} (${missing} bars)`}
              </td>
              <td>{SOURCE_LABEL[s.source]}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
