import { readFileSync } from 'node:fs'
import { parquetWriteBuffer } from 'hyparquet-writer'
import type { Series } from './types'
import { decodeCandleFile, toArrayBuffer } from './decode'

/** Real bundled candles for tests (Node only): the pair's 1h and 15m series from public/data. */
export async function bundledPair(symbol: string): Promise<Series[]> {
  const bytes = readFileSync(new URL(`../../public/data/${symbol}.parquet`, import.meta.url))
  const { series } = await decodeCandleFile(toArrayBuffer(bytes), `${symbol}.parquet`, {}, 'bundled')
  return series
}

/**
 * A Parquet file of `n` hourly bars from 2024-01-01 with open_time as a plain INT64 column in `perMs` units per
 * millisecond (1000n: µs, 1_000_000n: ns), flat prices and a rising close.
 */
export function hourlyParquet(n: number, perMs: bigint, codec: 'SNAPPY' | 'UNCOMPRESSED' = 'SNAPPY'): ArrayBuffer {
  const T = Date.UTC(2024, 0, 1), H = 3_600_000
  const f = (g: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => g(i))
  return parquetWriteBuffer({
    columnData: [
      { name: 'open_time', data: BigInt64Array.from({ length: n }, (_, i) => BigInt(T + i * H) * perMs), type: 'INT64' },
      { name: 'open', data: f(() => 1.5), type: 'DOUBLE' },
      { name: 'high', data: f(() => 2), type: 'DOUBLE' },
      { name: 'low', data: f(() => 1), type: 'DOUBLE' },
      { name: 'close', data: f((i) => 1 + i / 100), type: 'DOUBLE' },
      { name: 'volume', data: f(() => 3), type: 'DOUBLE' },
    ],
    codec,
  })
}
