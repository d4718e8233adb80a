import { parseCsv } from './csv'
import { isParquet, MAX_ROWS, readParquet } from './parquet'
import { tableToSeries, type Decoded, type SeriesHint } from './table'
import type { SourceKind } from './types'

/** Refused before reading: about what MAX_ROWS of CSV takes, and more than a browser tab should hold. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024

/** A candle file (Parquet or CSV) → validated series. Throws `file: …` / `data: …` errors naming the problem. */
export async function decodeCandleFile(bytes: ArrayBuffer, fileName: string, hint: SeriesHint, source: SourceKind): Promise<Decoded> {
  if (bytes.byteLength === 0) throw new Error(`file: ${fileName} is empty (0 bytes)`)
  if (bytes.byteLength > MAX_FILE_BYTES) {
    throw new Error(`file: ${fileName} is ${(bytes.byteLength / 2 ** 20).toFixed(0)} MiB, more than the ${MAX_FILE_BYTES / 2 ** 20} MiB the studio reads; split it`)
  }
  if (isParquet(bytes)) return tableToSeries(await readParquet(bytes, fileName), fileName, hint, source)
  if (/\.parquet$/i.test(fileName)) throw new Error(`file: ${fileName} is not a Parquet file (it does not start with PAR1)`)
  const text = decodeText(bytes, fileName)
  const rows = countLines(text) - 1
  if (rows > MAX_ROWS) {
    throw new Error(`file: ${fileName} has ${rows.toLocaleString('en')} rows, more than the ${MAX_ROWS.toLocaleString('en')} the studio holds; split it or pick fewer pairs`)
  }
  return tableToSeries(parseCsv(text, fileName), fileName, hint, source)
}

function decodeText(bytes: ArrayBuffer, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new Error(`file: ${fileName} is neither Parquet nor UTF-8 text (CSV); it may be damaged or another format`)
  }
}

/** Lines, not counting the empty one after a final newline. */
function countLines(text: string): number {
  let n = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++
  return text.endsWith('\n') ? n : n + 1
}

/**
 * The bytes of a Uint8Array as an ArrayBuffer of their own. A Uint8Array may be a view into a larger buffer
 * (Node's Buffers often are), and the decoders take an ArrayBuffer and read all of it.
 */
export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
}
