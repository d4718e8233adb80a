import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, type RunConfig } from '../config/runConfig'
import type { Backtest } from '../eval/backtest/types'
import type { Evaluation } from '../eval/types'
import { backtestHeadline, buildHistoryEntry, diffConfigs, flattenConfig, headline } from './runHistory'
import { buildRunRecord } from './runRecord'
import { fakeCoin } from './testing'

const config = (p: (c: RunConfig) => void): RunConfig => {
  const c = structuredClone(DEFAULT_CONFIG)
  p(c)
  return c
}

const record = buildRunRecord({
  name: 'seed 7', config: config((c) => (c.train.seed = 7)), featureNames: ['log_return'], coins: [fakeCoin],
  data: { source: 'bundled', origin: 'bundled', fingerprint: 'feedfacecafebeef', series: 2, bars: 100 },
  training: { backend: 'wasm', lstm: 'fused', result: { history: [], bestEpoch: 1, bestValLoss: 0.5, stopReason: 'stopped' } },
  params: 48_179, now: new Date(Date.UTC(2026, 10, 30, 9)),
})

const history = [
  { epoch: 0, loss: 0.9, valLoss: 0.8, lr: 1e-3, ms: 40, numTensors: 90 },
  { epoch: 1, loss: 0.7, valLoss: 0.5, lr: 5e-4, ms: 41, numTensors: 90 },
]

describe('history entry', () => {
  const e = buildHistoryEntry({ id: 'run-1', record, outcome: 'stopped', startedAt: 1_000, endedAt: 61_000, history, samplesPerSec: 812.5 })

  it('keeps the run record whole (config, coins with split dates, data fingerprint, training) and the curves without timings', () => {
    expect(e.record).toBe(record)
    expect(e.record.config.train.seed).toBe(7)
    expect(e.record.coins[0]!.splitStart).toEqual({ train: 1000, val: 2000, test: null })
    expect(e.record.data.fingerprint).toBe('feedfacecafebeef')
    expect(e.record.training).toEqual({ backend: 'wasm', lstm: 'fused', epochs: 0, bestEpoch: 1, bestValLoss: 0.5, stopReason: 'stopped' })
    expect(e).toEqual({
      id: 'run-1', record, outcome: 'stopped', startedAt: 1_000, endedAt: 61_000, samplesPerSec: 812.5, weights: false,
      epochs: [{ epoch: 0, loss: 0.9, valLoss: 0.8, lr: 1e-3 }, { epoch: 1, loss: 0.7, valLoss: 0.5, lr: 5e-4 }],
    })
  })

  it('a failed run keeps its error; no batch ran: no throughput', () => {
    const f = buildHistoryEntry({ id: 'run-2', record, outcome: 'failed', error: 'train: boom', startedAt: 0, endedAt: 5, history: [], samplesPerSec: undefined })
    expect(f.error).toBe('train: boom')
    expect(f.samplesPerSec).toBeNull()
    expect(f.epochs).toEqual([])
  })

  it('headline: mean pinball skill per baseline, coverage, the backtest Sharpe, training time', () => {
    expect(headline(e)).toEqual({ skill: { randomWalk: null, historical: null, ewma: null }, coverage: null, sharpe: null, bestValLoss: 0.5, trainMs: 60_000 })
    const skill = (mean: number) => ({ q10: 0, q50: 0, q90: 0, mean })
    const evaluation = { split: 'test', skill: { randomWalk: skill(0.04), historical: skill(0.01), ewma: skill(-0.02) }, model: { coverage: 0.78 } } as unknown as Evaluation
    const portfolio = { sharpe: 1.25, totalReturn: 0.1, maxDrawdown: 0.2, trades: 9 }
    const backtest = backtestHeadline({ split: 'test', rule: 'gated', portfolio } as unknown as Backtest)
    expect(backtest).toEqual({ split: 'test', rule: 'gated', sharpe: 1.25, totalReturn: 0.1, maxDrawdown: 0.2, trades: 9 })
    const scored = { ...e, record: { ...record, evaluation }, backtest }
    expect(headline(scored)).toEqual({ skill: { randomWalk: 0.04, historical: 0.01, ewma: -0.02 }, coverage: 0.78, sharpe: 1.25, bestValLoss: 0.5, trainMs: 60_000 })
  })
})

describe('config diff', () => {
  it('flattens to paths; lists of plain values are one value', () => {
    const f = flattenConfig(DEFAULT_CONFIG)
    expect(f['train.seed']).toBe(DEFAULT_CONFIG.train.seed)
    expect(f['model.h1Lstm']).toBe('64 32')
    expect(f['train.coins']).toBe('BTCUSDT ETHUSDT SOLUSDT')
    expect(f['model.head.quantiles']).toBe('0.1 0.5 0.9')
    expect(f['features.split.train']).toBe(0.7)
    expect(f['backtest.shorts']).toBe(false)
    expect(f['features.indicators.0.kind']).toBe(DEFAULT_CONFIG.features.indicators[0]!.kind)
    expect(Object.values(f).every((v) => v === null || typeof v !== 'object')).toBe(true)
  })

  it('two runs that differ only in the seed: the seed is the only difference', () => {
    expect(diffConfigs([config((c) => (c.train.seed = 1)), config((c) => (c.train.seed = 2))])).toEqual([{ path: 'train.seed', values: [1, 2] }])
  })

  it('the same config: no differences; one config: none', () => {
    expect(diffConfigs([DEFAULT_CONFIG, structuredClone(DEFAULT_CONFIG)])).toEqual([])
    expect(diffConfigs([DEFAULT_CONFIG])).toEqual([])
  })

  it('three runs: a setting differs when any run differs; a setting one run lacks reads undefined there', () => {
    const a = config((c) => (c.model.dropout = 0.2))
    const b = config((c) => {
      c.model.dropout = 0.3
      c.model.h1Lstm = [64]
    })
    const extra = config((c) => c.features.indicators.push({ kind: 'rsi', period: 7 }))
    const n = DEFAULT_CONFIG.features.indicators.length
    expect(diffConfigs([a, b, extra])).toEqual([
      { path: 'model.h1Lstm', values: ['64 32', '64', '64 32'] },
      { path: 'model.dropout', values: [0.2, 0.3, 0.2] },
      { path: `features.indicators.${n}.kind`, values: [undefined, undefined, 'rsi'] },
      { path: `features.indicators.${n}.period`, values: [undefined, undefined, 7] },
    ])
  })
})
