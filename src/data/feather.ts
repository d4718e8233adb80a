import { compressionRegistry, CompressionType, makeData, makeVector, Table, tableFromIPC, tableToIPC, TimestampMillisecond, Type } from 'apache-arrow'
import { decompressZstd } from 'hyparquet-compressors'
import { decodeLz4Frame } from './lz4Frame'
import { MAX_ROWS } from './parquet'
import type { ColumnTable } from './table'
import type { Interval, Series } from './types'

// apache-arrow reads compressed IPC bodies only through codecs registered here; without them a freqtrade file
// (lz4 or zstd by default) fails. Registered once, on first use.
let codecs = false
function registerCodecs(): void {
  if (codecs) return
  compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: decodeLz4Frame })
  // fzstd may hand back a view at an odd offset; Arrow builds typed arrays on it and needs 8-byte alignment.
  compressionRegistry.set(CompressionType.ZSTD, { decode: (d) => decompressZstd(d).slice() })
  codecs = true
}

/** Feather v2 is the Arrow IPC file format: it starts with ARROW1. */
export function isFeather(bytes: ArrayBuffer): boolean {
  return bytes.byteLength >= 6 && new TextDecoder().decode(new Uint8Array(bytes, 0, 6)) === 'ARROW1'
}

/** A Feather (Arrow IPC file) of candles → columns; freqtrade's `date` timestamp becomes `open_time` in ms. */
export function readFeather(bytes: ArrayBuffer, fileName: string): ColumnTable {
  registerCodecs()
  let table: Table
  try {
    table = tableFromIPC(new Uint8Array(bytes))
  } catch {
    throw new Error(`file: ${fileName} is incomplete or not a Feather (Arrow IPC) file; save it again (freqtrade: convert-data)`)
  }
  if (table.numRows > MAX_ROWS) {
    throw new Error(`file: ${fileName} has ${table.numRows.toLocaleString('en')} rows, more than the ${MAX_ROWS.toLocaleString('en')} the studio holds; split it`)
  }
  const columns = new Map<string, ArrayLike<unknown>>()
  try {
    for (const field of table.schema.fields) {
      const name = field.name.toLowerCase()
      const col = table.getChild(field.name)!
      if (field.type.typeId === Type.Timestamp) {
        // Arrow hands out timestamps of every unit as epoch ms.
        const out = new Float64Array(table.numRows)
        let i = 0
        for (const v of col) out[i++] = v === null ? NaN : Number(v)
        columns.set(name === 'date' ? 'open_time' : name, out)
      } else {
        columns.set(name === 'date' ? 'open_time' : name, col.toArray() as ArrayLike<unknown>)
      }
    }
  } catch {
    throw new Error(`file: ${fileName} has Feather columns that do not decode (damaged, or a codec the studio does not read); save it again`)
  }
  return { columns, rows: table.numRows }
}

/**
 * One series as freqtrade stores candles: Feather v2 (Arrow IPC file), uncompressed, columns date
 * (timestamp[ms, UTC]), open, high, low, close, volume (float64).
 */
export function writeCandlesFeather(s: Series): Uint8Array {
  const c = s.candles
  const date = makeVector(makeData({ type: new TimestampMillisecond('UTC'), length: c.openTime.length, data: BigInt64Array.from(c.openTime, (t) => BigInt(t)) }))
  const table = new Table({
    date, open: makeVector(c.open), high: makeVector(c.high), low: makeVector(c.low), close: makeVector(c.close), volume: makeVector(c.volume),
  })
  return tableToIPC(table, 'file')
}
