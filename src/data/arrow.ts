import { tableFromArrays, type Table } from 'apache-arrow'
import type { Series } from './types'

/**
 * An Arrow view of one series. The Float64 columns are wrapped, not copied: the same buffers go to workers
 * (transferred) and to Arrow consumers.
 */
export function seriesToArrow(s: Series): Table {
  const c = s.candles
  return tableFromArrays({
    open_time: c.openTime, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume,
  })
}
