import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { writeCandlesParquet, writeColumnsParquet, type OutColumn } from '../data/parquet'
import { bundledPair } from '../data/testing'
import type { Series } from '../data/types'
import { tradeColumns } from '../eval/backtest/trades'
import { predictionColumns } from '../eval/predictionsTable'
import { buildCoinFeatures } from '../features/pipeline'
import { allFeatureNames, DEFAULT_FEATURES } from '../features/spec'
import { featureTable } from '../features/table'
import { featureColumns } from '../features/tableIO'
import { lastHours, python, pythonCan } from './testing'
import { sampleColumns } from './torchFolder'

// Every Parquet file the studio exports, written by the same column functions the page's buttons use, read by pandas
// on pyarrow: the column types README.md documents, and the first row's values.
const hasPandas = pythonCan('import pandas, pyarrow')
// The filesystem is named because pandas 1.5 otherwise opens a local path as a Python file object for pyarrow, and
// pyarrow 25 reading from one can abort the interpreter as it exits right after ("terminate called without an active
// exception", its read threads still running): 7–34 aborts in 200 runs of a one-line read here, none in 200 with it.
const READ = [
  'import json, sys', 'import pandas as pd', 'from pyarrow.fs import LocalFileSystem',
  'df = pd.read_parquet(sys.argv[1], engine="pyarrow", filesystem=LocalFileSystem())',
  'row = df.iloc[0]',
  'print(json.dumps({"dtypes": {c: str(t) for c, t in df.dtypes.items()}, "rows": len(df),',
  '  "first": {c: (None if pd.isna(row[c]) else row[c].item() if hasattr(row[c], "item") else row[c]) for c in df.columns},',
  '  "strings": {c: bool(df[c].map(lambda v: isinstance(v, str)).all()) for c in df.columns if df[c].dtype == object}}))',
].join('\n')

function pandasRead(columns: OutColumn[] | ArrayBuffer) {
  const dir = mkdtempSync(join(tmpdir(), 'pandas-'))
  const path = join(dir, 'x.parquet')
  writeFileSync(path, new Uint8Array(Array.isArray(columns) ? writeColumnsParquet(columns) : columns))
  return JSON.parse(python(['-c', READ, path], dir).stdout) as { dtypes: Record<string, string>; rows: number; first: Record<string, unknown>; strings: Record<string, boolean> }
}

const types = (names: readonly string[], t: string) => Object.fromEntries(names.map((n) => [n, t]))
let link: Series[]

beforeAll(async () => {
  link = lastHours(await bundledPair('LINKUSDT'), 300)
})

describe.skipIf(!hasPandas)('pandas (pyarrow engine) reads every Parquet the studio exports', () => {
  it('candles: symbol, interval text; open_time int64 epoch ms; OHLCV double', () => {
    const r = pandasRead(writeCandlesParquet(link))
    expect(r.dtypes).toEqual({ symbol: 'object', interval: 'object', open_time: 'int64', ...types(['open', 'high', 'low', 'close', 'volume'], 'float64') })
    expect(r.strings).toEqual({ symbol: true, interval: true })
    const c = link[0]!.candles
    expect(r.first).toEqual({ symbol: 'LINKUSDT', interval: '1h', open_time: c.openTime[0], open: c.open[0], high: c.high[0], low: c.low[0], close: c.close[0], volume: c.volume[0] })
    expect(r.rows).toBe(c.openTime.length + link[1]!.candles.openTime.length)
  })

  it('features: symbol, interval, open_time int64, then every feature double', () => {
    const t = featureTable(link, DEFAULT_FEATURES)
    const r = pandasRead(featureColumns(t))
    const names = allFeatureNames(DEFAULT_FEATURES.indicators)
    expect(r.dtypes).toEqual({ symbol: 'object', interval: 'object', open_time: 'int64', ...types(names, 'float64') })
    expect(r.first['open_time']).toBe(t.openTime[0])
    expect(r.first['rsi_14']).toBe(t.columns[names.indexOf('rsi_14')]![0])
  })

  it('predictions: a quantile model\'s doubles, and a one-value model\'s q10 and q90 as missing values', () => {
    const f = { symbol: 'LINKUSDT', openTime: Float64Array.of(1.7e12, 1.7e12 + 3.6e6), close: Float64Array.of(10, 11), actual: Float64Array.of(0.01, -0.02), mid: Float64Array.of(0.001, 0.002) }
    const q = pandasRead(predictionColumns([{ ...f, low: Float64Array.of(-0.01, -0.02), high: Float64Array.of(0.02, 0.03) }]))
    expect(q.dtypes).toEqual({ symbol: 'object', open_time: 'int64', ...types(['close', 'next_close', 'q10', 'q50', 'q90'], 'float64') })
    expect(q.first).toEqual({ symbol: 'LINKUSDT', open_time: 1.7e12, close: 10, next_close: 10 * Math.exp(0.01), q10: -0.01, q50: 0.001, q90: 0.02 })
    const v = pandasRead(predictionColumns([f]))
    expect(v.dtypes).toEqual(q.dtypes)
    expect(v.first).toMatchObject({ q10: null, q50: 0.001, q90: null })
  })

  it('trades: symbol and side text, open_time int64, positions, price and fee double', () => {
    const r = pandasRead(tradeColumns([{ symbol: 'ETHUSDT', openTime: 1.7e12, side: 'buy', positionBefore: 0, positionAfter: 0.5, price: 2500.5, fee: 0.0005 }]))
    expect(r.dtypes).toEqual({ symbol: 'object', open_time: 'int64', side: 'object', ...types(['position_before', 'position_after', 'price', 'fee'], 'float64') })
    expect(r.first).toEqual({ symbol: 'ETHUSDT', open_time: 1.7e12, side: 'buy', position_before: 0, position_after: 0.5, price: 2500.5, fee: 0.0005 })
  })

  it('the PyTorch folder\'s samples: symbol and split text, open times int64, close, target and scale double', () => {
    const coin = buildCoinFeatures('LINKUSDT', link[0]!.candles, link[1]!.candles, { ...DEFAULT_FEATURES, window: 12 })
    const r = pandasRead(sampleColumns([coin]))
    expect(r.dtypes).toEqual({ symbol: 'object', split: 'object', open_time: 'int64', open_time_15m: 'int64', close: 'float64', target: 'float64', scale: 'float64' })
    const s = coin.samples.train
    expect(r.first).toEqual({
      symbol: 'LINKUSDT', split: 'train', open_time: coin.h1.start + s.end1h[0]! * 3_600_000, open_time_15m: coin.m15.start + s.end15m[0]! * 900_000,
      close: s.close[0], target: s.target[0], scale: s.scale[0],
    })
    // the last 15m bar of the window opens 45 minutes after the forecast bar: it closes when that bar closes
    expect((r.first['open_time_15m'] as number) - (r.first['open_time'] as number)).toBe(45 * 60_000)
  })
})
