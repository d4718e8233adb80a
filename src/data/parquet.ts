import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { duplicateNames } from './messages'
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
  // hyparquet's own messages name its internals (offsets, thrift fields); a person needs what to do instead.
  let metadata
  let names: string[]
  try {
    metadata = parquetMetadata(bytes)
    names = parquetSchema(metadata).children.map((c) => c.element.name.toLowerCase())
  } catch {
    throw new Error(`file: ${fileName} is incomplete or not Parquet (its footer does not parse); download or export it again`)
  }
  const dup = duplicateNames(names)
  if (dup) throw new Error(`file: ${fileName} ${dup}`)
  const rows = Number(metadata.num_rows)
  if (!Number.isSafeInteger(rows) || rows < 0) {
    throw new Error(`file: ${fileName} is incomplete or not Parquet (its footer gives ${String(metadata.num_rows)} rows); download or export it again`)
  }
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
  } catch {
    throw new Error(`file: ${fileName} could not be decoded as Parquet: its pages are damaged or use an encoding the studio does not read; export it again`)
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

/** A column to write: strings, epoch-ms times (INT64, delta-encoded) or doubles. */
export type OutColumn =
  | { name: string; type: 'STRING'; data: string[] }
  | { name: string; type: 'TIME_MS'; data: Float64Array }
  | { name: string; type: 'DOUBLE'; data: Float64Array }

/** Any table of equal-length columns as Parquet; NaN doubles are written as nulls, which every engine reads as missing. */
export function writeColumnsParquet(columns: OutColumn[], rowGroupSize?: number[]): ArrayBuffer {
  return parquetWriteBuffer({
    columnData: columns.map((c) => {
      if (c.type === 'STRING') return { name: c.name, data: c.data, type: 'STRING' as const, nullable: false }
      if (c.type === 'TIME_MS') {
        // Sorted, evenly spaced times: delta encoding stores them in a few bits each.
        return { name: c.name, data: BigInt64Array.from(c.data, (t) => BigInt(t)), type: 'INT64' as const, nullable: false, encoding: 'DELTA_BINARY_PACKED' as const }
      }
      const hasNaN = c.data.some(Number.isNaN)
      return hasNaN
        ? { name: c.name, data: Array.from(c.data, (v) => (Number.isNaN(v) ? null : v)), type: 'DOUBLE' as const, nullable: true }
        : { name: c.name, data: c.data, type: 'DOUBLE' as const, nullable: false }
    }),
    rowGroupSize: rowGroupSize && rowGroupSize.length > 0 ? rowGroupSize : undefined,
    createdBy: 'crypto-forecast-studio',
  })
}

/**
 * The long format every part of the studio reads and writes: symbol, interval, open_time (INT64 epoch ms),
 * open, high, low, close, volume (DOUBLE). One row group per series keeps a reader's per-pair scans cheap.
 */
export function writeCandlesParquet(series: readonly Series[]): ArrayBuffer {
  const cat = (k: keyof Series['candles']) => {
    const out = new Float64Array(series.reduce((n, x) => n + x.candles.openTime.length, 0))
    let at = 0
    for (const s of series) (out.set(s.candles[k], at), (at += s.candles[k].length))
    return out
  }
  const repeat = (f: (s: Series) => string) => series.flatMap((s) => new Array<string>(s.candles.openTime.length).fill(f(s)))
  return writeColumnsParquet(
    [
      { name: 'symbol', type: 'STRING', data: repeat((s) => s.symbol) },
      { name: 'interval', type: 'STRING', data: repeat((s) => s.interval) },
      { name: 'open_time', type: 'TIME_MS', data: cat('openTime') },
      ...(['open', 'high', 'low', 'close', 'volume'] as const).map((k) => ({ name: k, type: 'DOUBLE' as const, data: cat(k) })),
    ],
    series.map((s) => s.candles.openTime.length),
  )
}
