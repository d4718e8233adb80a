import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../config/runConfig'
import { buildRunRecord, parseRunRecord } from './runRecord'
import { fakeCoin as coin } from './testing'

const record = buildRunRecord({
  name: 'test run', config: DEFAULT_CONFIG, featureNames: ['log_return', 'rsi_14'], coins: [coin],
  data: { source: 'bundled', origin: 'bundled', fingerprint: '0123456789abcdef', series: 2, bars: 100 },
  training: { backend: 'wasm', lstm: 'fused', result: { history: [{ epoch: 0, loss: 1, valLoss: 2, lr: 1e-3, ms: 5, numTensors: 90 }], bestEpoch: 0, bestValLoss: 2, stopReason: 'epochs' } },
  params: 46_771, now: new Date(Date.UTC(2026, 10, 24, 12)),
})

describe('run record', () => {
  it('holds counts, split starts (no split: null), train statistics and how it was trained', () => {
    expect(record.savedAt).toBe('2026-11-24T12:00:00.000Z')
    expect(record.coins[0]).toEqual({
      symbol: 'BTCUSDT', samples: { train: 7, val: 2, test: 0 }, splitStart: { train: 1000, val: 2000, test: null },
      stats: { h1: { mean: [1, 2], std: [3, 4] }, m15: { mean: [5], std: [6] } },
    })
    expect(record.training).toEqual({ backend: 'wasm', lstm: 'fused', epochs: 1, bestEpoch: 0, bestValLoss: 2, stopReason: 'epochs' })
  })

  it('survives JSON and is read back', () => {
    expect(parseRunRecord(JSON.stringify(record))).toEqual(record)
  })

  it.each([
    ['not json', '{', /load: run.json is not JSON/],
    ['another format', JSON.stringify({ format: 'layers-model' }), /load: run.json is not a studio run record/],
    ['a newer version', JSON.stringify({ ...record, version: 2 }), /load: run.json is run record version 2; this studio reads version 1/],
    ['a bad configuration', JSON.stringify({ ...record, config: { ...DEFAULT_CONFIG, train: { ...DEFAULT_CONFIG.train, epochs: -1 } } }), /load: run.json has an invalid configuration — train.epochs:/],
    ['no data', JSON.stringify({ ...record, data: undefined }), /load: run.json lacks featureNames, coins or data/],
  ])('refuses %s, saying why', (_, text, message) => {
    expect(() => parseRunRecord(text)).toThrow(message)
  })
})
