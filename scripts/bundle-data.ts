/**
 * Rebuilds public/data (the bundled dataset) from Binance candle CSVs named SYMBOL-INTERVAL.csv with columns
 * open_time (epoch ms), open, high, low, close, volume.
 *   npm run bundle-data -- [--src ../shared/data] [--out public/data] [--max-hours 15000]
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { commonWindow, type BundleManifest } from '../src/data/bundled'
import { decodeCandleFile } from '../src/data/decode'
import { writeCandlesParquet } from '../src/data/parquet'
import { INTERVAL_MS, INTERVALS, SEED_PAIRS, type Interval, type Series } from '../src/data/types'
import { validateSeries } from '../src/data/validate'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

const src = arg('src', '../shared/data')
const out = arg('out', 'public/data')
const maxHours = Number(arg('max-hours', '15000'))
mkdirSync(out, { recursive: true })

const manifest: BundleManifest = {
  version: 1,
  source: 'Binance spot klines (binance.com), USDT pairs; see PROVENANCE.md',
  pairs: [],
}
let total = 0
for (const symbol of SEED_PAIRS) {
  const full = {} as Record<Interval, Series>
  for (const interval of INTERVALS) {
    const name = `${symbol}-${interval}.csv`
    const bytes = readFileSync(join(src, name))
    const { series } = await decodeCandleFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), name, {}, 'bundled')
    full[interval] = series[0]!
  }
  const first = (i: Interval) => full[i].candles.openTime[0]!
  const last = (i: Interval) => full[i].candles.openTime.at(-1)!
  const [start, end] = commonWindow({ '1h': first('1h'), '15m': first('15m') }, { '1h': last('1h'), '15m': last('15m') }, maxHours)
  const kept = INTERVALS.map((interval) => {
    const c = full[interval].candles
    const keep: number[] = []
    for (let i = 0; i < c.openTime.length; i++) {
      if (c.openTime[i]! >= start && c.openTime[i]! + INTERVAL_MS[interval] <= end) keep.push(i)
    }
    const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]!)
    return validateSeries({ symbol, interval, candles: { openTime: pick(c.openTime), open: pick(c.open), high: pick(c.high), low: pick(c.low), close: pick(c.close), volume: pick(c.volume) } }, 'bundled').series
  })
  const buf = writeCandlesParquet(kept)
  const file = `${symbol}.parquet`
  writeFileSync(join(out, file), new Uint8Array(buf))
  total += buf.byteLength
  manifest.pairs.push({
    symbol, file, bytes: buf.byteLength,
    series: kept.map((s) => ({ interval: s.interval, bars: s.candles.openTime.length, first: s.candles.openTime[0]!, last: s.candles.openTime.at(-1)! })),
  })
  console.log(`${file}: ${kept.map((s) => `${s.interval} ${s.candles.openTime.length} bars`).join(', ')}, ${(buf.byteLength / 1024).toFixed(0)} KiB`)
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n')
console.log(`total ${(total / 2 ** 20).toFixed(2)} MiB in ${manifest.pairs.length} files`)
