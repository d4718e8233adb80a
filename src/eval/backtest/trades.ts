import type { OutColumn } from '../../data/parquet'
import type { Fill } from './types'

/** Column order of the trades export; the README documents it. */
export const TRADE_COLUMNS = ['symbol', 'open_time', 'side', 'position_before', 'position_after', 'price', 'fee'] as const

/**
 * One row per position change: the bar at whose close it was made (open time, epoch ms; a forced close at the
 * close h bars later has that bar's open time), buy or sell, the position before and after (multiples of equity),
 * the price, and the fee and slippage paid as a fraction of the coin's starting equity.
 */
export function tradeColumns(fills: readonly Fill[]): OutColumn[] {
  const f64 = (get: (f: Fill) => number) => Float64Array.from(fills, get)
  return [
    { name: 'symbol', type: 'STRING', data: fills.map((f) => f.symbol) },
    { name: 'open_time', type: 'TIME_MS', data: f64((f) => f.openTime) },
    { name: 'side', type: 'STRING', data: fills.map((f) => f.side) },
    { name: 'position_before', type: 'DOUBLE', data: f64((f) => f.positionBefore) },
    { name: 'position_after', type: 'DOUBLE', data: f64((f) => f.positionAfter) },
    { name: 'price', type: 'DOUBLE', data: f64((f) => f.price) },
    { name: 'fee', type: 'DOUBLE', data: f64((f) => f.fee) },
  ]
}
