import { parquetMetadata, parquetRead } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { parquetWriteBuffer } from 'hyparquet-writer'
import type { ColumnTable } from './table'
import type { Series } from './types'

/** More rows than this are refused before decoding: the tab would run out of memory long before training. */
export const MAX_ROWS = 5_000_000

export function isParquet(bytes: ArrayBuffer): boolean {
  return bytes.byteLength >= 4 && new TextDecoder().decode(new Uint8Array(bytes, 0, 4)) === 'PAR1'
}

/** All columns of a Parquet file, names lower-cased. Snappy, gzip, zstd, brotli and lz4 pages all decode. */
export async function readParquet(bytes: ArrayBuffer, fileName: string): Promise<ColumnTable> {
  const tail = new TextDecoder().decode(new Uint8Array(bytes, Math.max(0, bytes.byteLength - 4)))
  if (bytes.byteLength < 12 || tail !== 'PAR1') {
    throw new Error(`file: ${fileName} is truncated or damaged (the Parquet footer is missing)`)
  }
  let metadata
  try {
    metadata = parquetMetadata(bytes)
  } catch (e) {
    throw new Error(`file: ${fileName} has an unreadable Parquet footer (${(e as Error).message})`)
  }
  const rows = Number(metadata.num_rows)
  if (rows > MAX_ROWS) {
    throw new Error(`file: ${fileName} has ${rows.toLocaleString('en')} rows, more than the ${MAX_ROWS.toLocaleString('en')} the studio holds; split it or pick fewer pairs`)
  }
  const chunks = new Map<string, { start: number; data: ArrayLike<unknown> }[]>()
  try {
    await parquetRead({
      file: bytes,
      metadata,
      compressors,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const name = columnName.toLowerCase()
        let list = chunks.get(name)
        if (!list) chunks.set(name, (list = []))
        list.push({ start: rowStart, data: columnData })
      },
    })
  } catch (e) {
    throw new Error(`file: ${fileName} could not be decoded as Parquet (${(e as Error).message})`)
  }
  const columns = new Map<string, ArrayLike<unknown>>()
  for (const [name, list] of chunks) columns.set(name, concatChunks(list, rows))
  return { columns, rows }
}

function concatChunks(list: { start: number; data: ArrayLike<unknown> }[], rows: number): ArrayLike<unknown> {
  if (list.length === 1 && list[0]!.start === 0 && list[0]!.data.length === rows) return list[0]!.data
  const allNumbers = list.every((c) => c.data instanceof Float64Array)
  const out: unknown[] | Float64Array = allNumbers ? new Float64Array(rows) : new Array<unknown>(rows)
  for (const { start, data } of list) {
    for (let i = 0; i < data.length && start + i < rows; i++) (out as unknown[])[start + i] = data[i]
  }
  return out
}

/**
 * The long format every part of the studio reads and writes: symbol, interval, open_time (INT64 epoch ms),
 * open, high, low, close, volume (DOUBLE). One row group per series keeps a reader's per-pair scans cheap.
 */
export function writeCandlesParquet(series: readonly Series[]): ArrayBuffer {
  const total = series.reduce((s, x) => s + x.candles.openTime.length, 0)
  const symbol = new Array<string>(total)
  const interval = new Array<string>(total)
  const openTime = new BigInt64Array(total)
  const cols = { open: new Float64Array(total), high: new Float64Array(total), low: new Float64Array(total), close: new Float64Array(total), volume: new Float64Array(total) }
  let at = 0
  for (const s of series) {
    const c = s.candles
    const n = c.openTime.length
    symbol.fill(s.symbol, at, at + n)
    interval.fill(s.interval, at, at + n)
    for (let i = 0; i < n; i++) openTime[at + i] = BigInt(c.openTime[i]!)
    for (const k of ['open', 'high', 'low', 'close', 'volume'] as const) cols[k].set(c[k], at)
    at += n
  }
  return parquetWriteBuffer({
    columnData: [
      { name: 'symbol', data: symbol, type: 'STRING', nullable: false },
      { name: 'interval', data: interval, type: 'STRING', nullable: false },
      // Sorted, evenly spaced times: delta encoding stores them in a few bits each.
      { name: 'open_time', data: openTime, type: 'INT64', nullable: false, encoding: 'DELTA_BINARY_PACKED' },
      ...(['open', 'high', 'low', 'close', 'volume'] as const).map((k) => ({ name: k, data: cols[k], type: 'DOUBLE' as const, nullable: false })),
    ],
    rowGroupSize: series.length > 0 ? series.map((s) => s.candles.openTime.length) : undefined,
    createdBy: 'crypto-forecast-studio',
  })
}
