import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from './runConfig'
import { decodeShareLink } from './shareLink'

/**
 * Every field out of range, one link each: the field is rejected by its path and reset to the default, and a valid
 * change elsewhere in the same link survives. `at` is where the bad value goes when it is not the leaf itself (a
 * union of another kind, an array element); `reset` is the path the studio resets (an array whole, a union whole).
 */
interface Row { leaf: string; bad: unknown; at?: string; reset?: string }

const ROWS: Row[] = [
  { leaf: 'version', bad: 0 },
  { leaf: 'version', bad: 'one' },
  { leaf: 'data.source', bad: 'ftp' },
  { leaf: 'data.pairs', bad: 'btc-usdt', at: 'data.pairs.3' },
  { leaf: 'data.pairs', bad: [] },
  { leaf: 'data.pairs', bad: Array.from({ length: 51 }, () => 'BTCUSDT') },
  { leaf: 'data.intervals', bad: ['1h', '4h'] },
  { leaf: 'data.intervals', bad: [] },
  { leaf: 'data.binance.baseUrl', bad: 'javascript:alert(1)' },
  { leaf: 'data.binance.baseUrl', bad: 'not a url' },
  { leaf: 'data.binance.history.kind', bad: { kind: 'forever', bars: 100 }, at: 'data.binance.history', reset: 'data.binance.history' },
  { leaf: 'data.binance.history.bars', bad: 59 },
  { leaf: 'data.binance.history.bars', bad: 100_001 },
  { leaf: 'data.binance.history.bars', bad: 2000.5 },
  { leaf: 'data.binance.history.start', bad: { kind: 'range', start: 'yesterday', end: '2024-02-01' }, at: 'data.binance.history', reset: 'data.binance.history' },
  { leaf: 'data.binance.history.end', bad: { kind: 'range', start: '2024-01-01', end: '2024-13-01' }, at: 'data.binance.history', reset: 'data.binance.history' },
  { leaf: 'data.binance.spacingMs', bad: 10 },
  { leaf: 'data.binance.spacingMs', bad: '100' },
  { leaf: 'data.fileName', bad: 'x'.repeat(256) },
  { leaf: 'data.fileName', bad: 42 },
  { leaf: 'features.indicators', bad: { kind: 'atr', period: 0 }, at: 'features.indicators.3' },
  { leaf: 'features.indicators', bad: { kind: 'eval', period: 1 }, at: 'features.indicators.0' },
  { leaf: 'features.indicators', bad: { kind: 'macd', fast: 26, slow: 12, signal: 9 }, at: 'features.indicators.7' },
  { leaf: 'features.indicators', bad: { kind: 'bb_width', period: 20, k: 0 }, at: 'features.indicators.4' },
  { leaf: 'features.indicators', bad: [] },
  { leaf: 'features.window', bad: 1 },
  { leaf: 'features.horizon', bad: 169 },
  { leaf: 'features.split.train', bad: 0.99 },
  { leaf: 'features.split.val', bad: 0.6 },
  // each is in range, the sum is not; val reset to 0.15 still leaves 1.05, so the split resets whole
  { leaf: 'features.split.val', bad: { train: 0.9, val: 0.4 }, at: 'features.split', reset: 'features.split' },
  { leaf: 'features.clip', bad: 0.1 },
  { leaf: 'features.indicators', bad: { kind: 'ppo', fast: 26, slow: 12 }, at: 'features.indicators.10' },
  { leaf: 'features.target.kind', bad: { kind: 'garch' }, at: 'features.target', reset: 'features.target' },
  { leaf: 'features.target.lambda', bad: 1 },
  { leaf: 'model.h1Lstm', bad: [] },
  { leaf: 'model.h1Lstm', bad: [0] },
  { leaf: 'model.m15Conv', bad: [2000] },
  { leaf: 'model.convKernel', bad: 16 },
  { leaf: 'model.m15Lstm', bad: [1.5] },
  { leaf: 'model.dense', bad: [1, 1, 1, 1, 1, 1, 1] },
  { leaf: 'model.dropout', bad: 0.95 },
  { leaf: 'model.head.kind', bad: { kind: 'median' }, at: 'model.head', reset: 'model.head' },
  { leaf: 'model.head.quantiles', bad: [0.5, 0.1, 0.9] },
  { leaf: 'model.head.quantiles', bad: [0.1, 0.5] },
  { leaf: 'model.head.quantiles', bad: [0, 0.5, 1] },
  { leaf: 'model.head.median', bad: 'one' },
  { leaf: 'model.head.threshold', bad: { kind: 'value', threshold: 2, weight: 5 }, at: 'model.head', reset: 'model.head' },
  { leaf: 'model.head.weight', bad: { kind: 'value', threshold: 0.01, weight: 0.5 }, at: 'model.head', reset: 'model.head' },
  { leaf: 'model.lstm', bad: 'gru' },
  { leaf: 'train.epochs', bad: 0 },
  { leaf: 'train.epochs', bad: '6' },
  { leaf: 'train.batchSize', bad: 5000 },
  { leaf: 'train.learningRate', bad: 0 },
  { leaf: 'train.epsilon', bad: -1 },
  { leaf: 'train.patience', bad: 1.5 },
  { leaf: 'train.plateau.factor', bad: 1 },
  { leaf: 'train.plateau.patience', bad: 0 },
  { leaf: 'train.plateau.minLr', bad: 2 },
  { leaf: 'train.seed', bad: -1 },
  { leaf: 'train.seed', bad: 2 ** 31 },
  { leaf: 'train.coins', bad: ['eth'] },
  { leaf: 'train.maxBatchesPerEpoch', bad: -1 },
  { leaf: 'train.lanes', bad: 0 },
  { leaf: 'train.lanes', bad: 65 },
  { leaf: 'train.lanes', bad: 2.5 },
  { leaf: 'backend', bad: 'gpu' },
  { leaf: 'backtest.rule', bad: 'martingale' },
  { leaf: 'backtest.maxWidth', bad: 0 },
  { leaf: 'backtest.threshold', bad: -0.001 },
  { leaf: 'backtest.shorts', bad: 'yes' },
  { leaf: 'backtest.volTarget', bad: 0 },
  { leaf: 'backtest.leverage', bad: 11 },
  { leaf: 'backtest.band', bad: -0.1 },
  { leaf: 'backtest.fee', bad: 0.5 },
  { leaf: 'backtest.fee', bad: '0.001' },
  { leaf: 'backtest.slippage', bad: -0.001 },
  { leaf: 'backtest.coins', bad: ['btc'] },
  { leaf: 'backtest.split', bad: 'all' },
]

/** Valid changes; each row carries the one nearest its reset path, to prove the reset stops where it should. */
const COMPANIONS: [string, unknown][] = [
  ['data.source', 'binance'], ['data.intervals', ['1h']], ['data.binance.spacingMs', 250], ['data.binance.baseUrl', 'http://localhost:8787'],
  ['features.window', 30], ['features.clip', 3], ['model.dropout', 0.3], ['model.convKernel', 5],
  ['train.seed', 7], ['train.plateau.minLr', 1e-4], ['backend', 'cpu'], ['backtest.fee', 0.002], ['backtest.split', 'val'],
]

function companionFor(reset: string): [string, unknown] {
  const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)
  const shared = (p: string) => p.split('.').findIndex((s, i) => s !== reset.split('.')[i])
  const fits = COMPANIONS.filter(([p]) => !overlaps(p, reset))
  return fits.reduce((best, c) => (shared(c[0]) > shared(best[0]) ? c : best))
}

function setAt<T>(root: T, path: string, value: unknown): T {
  const copy = structuredClone(root) as Record<string, any>
  const keys = path.split('.')
  const parent = keys.slice(0, -1).reduce((n, k) => n[k], copy)
  parent[keys[keys.length - 1]!] = value
  return copy as T
}

function getAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<any>((n, k) => n?.[k], root)
}

/** Dotted paths of every non-object value; arrays count as one field. */
function leaves(v: unknown, path = ''): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [path]
  return Object.entries(v).flatMap(([k, x]) => leaves(x, path ? `${path}.${k}` : k))
}

const link = (config: unknown) => `run=1.${deflateRawSync(JSON.stringify(config)).toString('base64url')}`

describe('share link with one field out of range', () => {
  it('has a row for every field of the configuration, both kinds of history and head, and the file name', () => {
    let variant = setAt(DEFAULT_CONFIG, 'data.binance.history', { kind: 'range', start: '2024-01-01', end: '2024-02-01' })
    variant = setAt(variant, 'model.head', { kind: 'value', threshold: 0.01, weight: 3 })
    variant = setAt(variant, 'data.fileName', 'candles.parquet')
    const pinned = setAt(DEFAULT_CONFIG, 'model.head', { kind: 'quantiles', quantiles: [0.1, 0.5, 0.9], median: 'zero' })
    const fields = [...new Set([...leaves(DEFAULT_CONFIG), ...leaves(variant), ...leaves(pinned)])].sort()
    expect(fields).toHaveLength(55)
    expect([...new Set(ROWS.map((r) => r.leaf))].sort()).toEqual(fields)
  })

  it.each(ROWS.map((r) => [`${r.at ?? r.leaf} = ${JSON.stringify(r.bad).slice(0, 60)}`, r] as const))('%s', async (_, row) => {
    const reset = row.reset ?? row.leaf
    const [keptPath, keptValue] = companionFor(reset)
    const tampered = setAt(setAt(DEFAULT_CONFIG, keptPath, keptValue), row.at ?? row.leaf, row.bad)
    const r = await decodeShareLink(link(tampered))
    expect(r?.rejected.map((x) => x.path)).toEqual([reset])
    expect(r?.rejected[0]?.message).not.toBe('')
    expect(getAt(r?.config, reset)).toEqual(getAt(DEFAULT_CONFIG, reset))
    expect(getAt(r?.config, keptPath)).toEqual(keptValue)
    expect(r?.config).toEqual(setAt(DEFAULT_CONFIG, keptPath, keptValue))
  })
})
