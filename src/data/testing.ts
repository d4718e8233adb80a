import { readFileSync } from 'node:fs'
import type { Series } from './types'
import { decodeCandleFile, toArrayBuffer } from './decode'

/** Real bundled candles for tests (Node only): the pair's 1h and 15m series from public/data. */
export async function bundledPair(symbol: string): Promise<Series[]> {
  const bytes = readFileSync(new URL(`../../public/data/${symbol}.parquet`, import.meta.url))
  const { series } = await decodeCandleFile(toArrayBuffer(bytes), `${symbol}.parquet`, {}, 'bundled')
  return series
}
