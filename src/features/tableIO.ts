import type { OutColumn } from '../data/parquet'
import type { FeatureTable } from './table'

/** The long-format columns of a feature table: symbol, interval, open_time, then every feature. */
export function featureColumns(t: FeatureTable): OutColumn[] {
  return [
    { name: 'symbol', type: 'STRING', data: t.symbol },
    { name: 'interval', type: 'STRING', data: t.interval },
    { name: 'open_time', type: 'TIME_MS', data: t.openTime },
    ...t.names.map((name, j) => ({ name, type: 'DOUBLE' as const, data: t.columns[j]! })),
  ]
}
