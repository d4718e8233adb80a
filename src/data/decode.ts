import { parseCsv } from './csv'
import { isFeather, readFeather } from './feather'
import { hintFromFreqtradeName } from './freqtradeNames'
import { isParquet, MAX_ROWS, readParquet } from './parquet'
import { tableToSeries, type Decoded, type SeriesHint } from './table'
import { INTERVALS, type SourceKind } from './types'

/** Refused before reading: about what MAX_ROWS of CSV takes, and more than a browser tab should hold. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024

/**
 * A candle file (Parquet or CSV) → validated series. Throws `file: …` / `data: …` errors naming the problem.
 * `now` (epoch ms) bounds open times and decides which bars have closed; tests pin it.
 */
export async function decodeCandleFile(bytes: ArrayBuffer, fileName: string, hint: SeriesHint, source: SourceKind, now = Date.now()): Promise<Decoded> {
  try {
    return await decode(bytes, fileName, hint, source, now)
  } catch (e) {
    // Our own refusals say what to do; anything else is a fault in a reader, and its text would only mislead.
    const message = e instanceof Error ? e.message : ''
    if (/^(file|data): /.test(message)) throw e
    console.error(e)
    throw new Error(`file: ${fileName} could not be read (the reader failed on something in it); check it is a candle CSV or Parquet file, and report it if it is`)
  }
}

async function decode(bytes: ArrayBuffer, fileName: string, hint: SeriesHint, source: SourceKind, now: number): Promise<Decoded> {
  if (bytes.byteLength === 0) throw new Error(`file: ${fileName} is empty (0 bytes)`)
  if (bytes.byteLength > MAX_FILE_BYTES) {
    throw new Error(`file: ${fileName} is ${(bytes.byteLength / 2 ** 20).toFixed(0)} MiB, more than the ${MAX_FILE_BYTES / 2 ** 20} MiB the studio reads; split it`)
  }
  if (isParquet(bytes)) return tableToSeries(await readParquet(bytes, fileName), fileName, hint, source, now)
  if (isFeather(bytes)) {
    const named = hintFromFreqtradeName(fileName)
    const interval = hint.interval ?? named.interval
    if (interval !== undefined && !(INTERVALS as readonly string[]).includes(interval)) {
      throw new Error(`file: ${fileName} holds ${interval} candles; the studio reads ${INTERVALS.join(' and ')} (freqtrade: download-data -t 1h 15m)`)
    }
    return tableToSeries(readFeather(bytes, fileName), fileName, { symbol: hint.symbol ?? named.symbol, interval }, source, now)
  }
  if (/\.parquet$/i.test(fileName)) throw new Error(`file: ${fileName} is not a Parquet file (it does not start with PAR1)`)
  const text = decodeText(bytes, fileName)
  const rows = countLines(text) - 1
  if (rows > MAX_ROWS) {
    throw new Error(`file: ${fileName} has ${rows.toLocaleString('en')} rows, more than the ${MAX_ROWS.toLocaleString('en')} the studio holds; split it or pick fewer pairs`)
  }
  return tableToSeries(parseCsv(text, fileName), fileName, hint, source, now)
}

function decodeText(bytes: ArrayBuffer, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new Error(`file: ${fileName} is neither Parquet nor UTF-8 text (CSV); it may be damaged or another format`)
  }
}

/** Lines, not counting the empty one after a final newline; CR-only files count by CR. */
function countLines(text: string): number {
  const eol = text.includes('\n') ? '\n' : '\r'
  let n = 0
  for (let i = text.indexOf(eol); i >= 0; i = text.indexOf(eol, i + 1)) n++
  return text.endsWith(eol) ? n : n + 1
}

/**
 * The bytes of a Uint8Array as an ArrayBuffer of their own. A Uint8Array may be a view into a larger buffer
 * (Node's Buffers often are), and the decoders take an ArrayBuffer and read all of it.
 */
export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
}
