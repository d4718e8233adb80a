import { compressionRegistry, CompressionType, makeData, makeVector, Table, tableFromIPC, tableToIPC, TimestampMillisecond, Type } from 'apache-arrow'
import { decompressZstd } from 'hyparquet-compressors'
import { decodeLz4Frame } from './lz4Frame'
import { MAX_ROWS } from './parquet'
import type { ColumnTable, SeriesHint } from './table'
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

// freqtrade: BTC_USDT-1h.feather (spot), BTC_USDT_USDT-1h-futures.feather (futures, settled in USDT).
const FREQTRADE_RE = /(?:^|[\\/])([A-Za-z0-9]{2,10})_([A-Za-z0-9]{2,10})(?:_[A-Za-z0-9]{2,10})?-(\w+?)(?:-(?:futures|mark|index|funding_rate))?\.feather$/i

/** `BTC_USDT-1h.feather` → BTCUSDT 1h, the freqtrade way; anything else → {}. */
export function hintFromFreqtradeName(fileName: string): SeriesHint {
  const m = FREQTRADE_RE.exec(fileName)
  return m ? { symbol: `${m[1]}${m[2]}`.toUpperCase(), interval: m[3] as Interval } : {}
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

// Quote currencies a pair name may end in, longest first, to put freqtrade's underscore back: BTCUSDT → BTC_USDT.
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'EUR', 'TRY', 'BTC', 'ETH', 'BNB', 'USD']

/** `BTCUSDT 1h` → `BTC_USDT-1h.feather`, the name freqtrade looks for in its data directory. */
export function freqtradeFileName(s: { symbol: string; interval: Interval }): string {
  const quote = QUOTES.find((q) => s.symbol.endsWith(q) && s.symbol.length > q.length)
  const pair = quote ? `${s.symbol.slice(0, -quote.length)}_${quote}` : s.symbol
  return `${pair}-${s.interval}.feather`
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
