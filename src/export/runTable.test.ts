import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../config/runConfig'
import { readParquet, writeColumnsParquet } from '../data/parquet'
import type { Evaluation } from '../eval/types'
import { buildHistoryEntry } from './runHistory'
import { buildRunRecord } from './runRecord'
import { flatRunColumns, runsJson } from './runTable'
import { fakeCoin } from './testing'

const data = { source: 'bundled', origin: 'bundled', fingerprint: 'abc', series: 2, bars: 100 }
const trained = buildRunRecord({
  name: 'first', config: DEFAULT_CONFIG, featureNames: [], coins: [fakeCoin], data,
  training: { backend: 'wasm', lstm: 'fused', result: { history: [], bestEpoch: 2, bestValLoss: 0.25, stopReason: 'epochs' } }, params: 100,
  evaluation: { split: 'test', skill: { randomWalk: { mean: 0.05 }, historical: null, ewma: { mean: -0.01 } }, model: { coverage: 0.8, pinball: { mean: 0.002 }, directionAccuracy: 0.51 } } as unknown as Evaluation,
})
const withIndicator = structuredClone(DEFAULT_CONFIG)
withIndicator.features.indicators.push({ kind: 'rsi', period: 7 })
const failed = buildRunRecord({ name: 'second', config: withIndicator, featureNames: [], coins: [], data })
const n = DEFAULT_CONFIG.features.indicators.length
const entries = [
  { ...buildHistoryEntry({ id: 'a', record: trained, outcome: 'finished', startedAt: 1_000, endedAt: 31_000, history: [], samplesPerSec: 500 }), weights: true, backtest: { split: 'test' as const, rule: 'gated' as const, sharpe: 1.5, totalReturn: 0.1, maxDrawdown: 0.05, trades: 4 } },
  buildHistoryEntry({ id: 'b', record: failed, outcome: 'failed', error: 'x', startedAt: 40_000, endedAt: 40_500, history: [] }),
]

describe('flat run table', () => {
  const cols = flatRunColumns(entries)
  const byName = new Map(cols.map((c) => [c.name, c]))
  const values = (name: string) => Array.from(byName.get(name)!.data as ArrayLike<unknown>)

  it('one row per run: identity, outcome, training, headline metrics, then every setting as config.<path>', () => {
    expect(cols.slice(0, 6).map((c) => c.name)).toEqual(['id', 'name', 'outcome', 'started_at', 'ended_at', 'train_ms'])
    expect(values('id')).toEqual(['a', 'b'])
    expect(values('outcome')).toEqual(['finished', 'failed'])
    expect(values('train_ms')).toEqual([30_000, 500])
    expect(values('best_epoch')).toEqual([3, NaN]) // 1-based as the page shows it; no training: missing
    expect(values('best_val_loss')).toEqual([0.25, NaN])
    expect(values('skill_randomWalk')).toEqual([0.05, NaN])
    expect(values('skill_historical')).toEqual([NaN, NaN])
    expect(values('skill_ewma')).toEqual([-0.01, NaN])
    expect(values('coverage')).toEqual([0.8, NaN])
    expect(values('sharpe')).toEqual([1.5, NaN])
    expect(values('samples_per_sec')).toEqual([500, NaN])
    expect(values('weights_kept')).toEqual(['yes', 'no'])
    expect(values('config.train.seed')).toEqual([DEFAULT_CONFIG.train.seed, DEFAULT_CONFIG.train.seed])
    expect(byName.get('config.train.seed')!.type).toBe('DOUBLE')
    expect(values('config.model.h1Lstm')).toEqual(['64 32', '64 32'])
    expect(values('config.backtest.shorts')).toEqual(['false', 'false'])
    // a setting only one run has: missing (NaN, written as null) in the others
    expect(values(`config.features.indicators.${n}.period`)).toEqual([NaN, 7])
    expect(values(`config.features.indicators.${n}.kind`)).toEqual(['', 'rsi'])
    expect(cols.every((c) => c.data.length === 2)).toBe(true)
  })

  it('is real Parquet: read back, missing numbers are nulls and times are INT64 epoch ms', async () => {
    const t = await readParquet(writeColumnsParquet(cols), 'runs.parquet')
    expect(t.rows).toBe(2)
    // the studio's reader matches column names case-blind, so it keys them in lower case
    const col = (name: string) => Array.from(t.columns.get(name.toLowerCase()) as ArrayLike<unknown>)
    expect(col('name')).toEqual(['first', 'second'])
    expect(col('started_at').map(Number)).toEqual([1_000, 40_000])
    expect(col('sharpe')).toEqual([1.5, null])
    expect(col(`config.features.indicators.${n}.period`)).toEqual([null, 7])
  })

  it('runs.json holds the runs as kept, with a format tag', () => {
    const j = JSON.parse(runsJson(entries, new Date(0)))
    expect(j.format).toBe('crypto-studio-runs')
    expect(j.exportedAt).toBe('1970-01-01T00:00:00.000Z')
    expect(j.runs.map((r: { id: string }) => r.id)).toEqual(['a', 'b'])
    expect(j.runs[0].record.config).toEqual(DEFAULT_CONFIG)
  })
})
