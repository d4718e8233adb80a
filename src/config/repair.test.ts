import { describe, expect, it } from 'vitest'
import { repairRunConfig } from './repair'
import { DEFAULT_CONFIG } from './runConfig'

/** DEFAULT_CONFIG as loose JSON, to be broken in places. */
function loose(): Record<string, any> {
  return structuredClone(DEFAULT_CONFIG)
}

describe('repairRunConfig', () => {
  it('keeps a valid config as it is, rejecting nothing', () => {
    expect(repairRunConfig(loose())).toEqual({ config: DEFAULT_CONFIG, rejected: [] })
  })

  it.each([null, [], 'run', 42, undefined])('gives the defaults for %j, which is no object', (input) => {
    const r = repairRunConfig(input)
    expect(r.config).toEqual(DEFAULT_CONFIG)
    expect(r.rejected).toEqual([{ path: '(root)', message: expect.stringMatching(/^Invalid input: expected object/) }])
  })

  it('resets each bad field alone, keeps its valid siblings, and leaves the input untouched', () => {
    const input = loose()
    input.data.binance.spacingMs = 10
    input.data.binance.history.bars = 500
    input.train.plateau.factor = 1
    input.train.plateau.minLr = 0.001
    const before = structuredClone(input)
    const r = repairRunConfig(input)
    expect(r.rejected).toEqual([
      { path: 'data.binance.spacingMs', message: 'Too small: expected number to be >=100' },
      { path: 'train.plateau.factor', message: 'Too big: expected number to be <1' },
    ])
    expect(r.config.data.binance).toEqual({ ...DEFAULT_CONFIG.data.binance, history: { kind: 'bars', bars: 500 } })
    expect(r.config.train.plateau).toEqual({ factor: 0.5, patience: 2, minLr: 0.001 })
    expect(input).toEqual(before)
  })

  it('resets a whole array for one bad element, reported once at the array with the element named', () => {
    const input = loose()
    input.features.indicators[6] = { kind: 'rsi', period: 0 }
    input.features.indicators[7] = { kind: 'macd', fast: 26, slow: 12, signal: 9 }
    input.features.window = 30
    const r = repairRunConfig(input)
    expect(r.rejected).toEqual([{ path: 'features.indicators', message: '6.period: Too small: expected number to be >=1' }])
    expect(r.config.features).toEqual({ ...DEFAULT_CONFIG.features, window: 30 })
  })

  it('resets the parent when the field a rule names is already the default: train 0.9 + val 0.15 ≥ 1', () => {
    const input = loose()
    input.features.split = { train: 0.9, val: 0.15 }
    const r = repairRunConfig(input)
    expect(r.rejected).toEqual([{ path: 'features.split', message: 'val: train + val must leave a test split' }])
    expect(r.config.features.split).toEqual({ train: 0.7, val: 0.15 })
  })

  it('keeps train when resetting val alone satisfies the rule: train 0.8 + val 0.3 → val 0.15', () => {
    const input = loose()
    input.features.split = { train: 0.8, val: 0.3 }
    const r = repairRunConfig(input)
    expect(r.rejected).toEqual([{ path: 'features.split.val', message: 'train + val must leave a test split' }])
    expect(r.config.features.split).toEqual({ train: 0.8, val: 0.15 })
  })

  it('resets a union of another kind than the default when one of its fields is bad, naming that field', () => {
    const input = loose()
    input.data.binance.history = { kind: 'range', start: '2024-13-45', end: '2024-02-01' }
    input.model.head = { kind: 'value', threshold: 2, weight: 5 }
    const r = repairRunConfig(input)
    expect(r.rejected).toEqual([
      { path: 'data.binance.history', message: 'start: a real date' },
      { path: 'model.head', message: 'threshold: Too big: expected number to be <=1' },
    ])
    expect(r.config.data.binance.history).toEqual({ kind: 'bars', bars: 2000 })
    expect(r.config.model.head).toEqual(DEFAULT_CONFIG.model.head)
  })

  it('resets a union whose kind is unknown as a whole', () => {
    const input = loose()
    input.data.binance.history = { kind: 'forever', bars: 100 }
    const r = repairRunConfig(input)
    expect(r.rejected).toEqual([{ path: 'data.binance.history', message: "kind: Invalid discriminator value. Expected 'bars' | 'range'" }])
    expect(r.config.data.binance.history).toEqual({ kind: 'bars', bars: 2000 })
  })

  it('drops an optional field the default lacks instead of resetting its parent', () => {
    const input = loose()
    input.data.fileName = 'x'.repeat(256)
    input.data.source = 'file'
    const r = repairRunConfig(input)
    expect(r.rejected).toEqual([{ path: 'data.fileName', message: 'Too big: expected string to have <=255 characters' }])
    expect(r.config.data).toEqual({ ...DEFAULT_CONFIG.data, source: 'file' })
    expect('fileName' in r.config.data).toBe(false)
  })

  it('fills in missing sections and fields from the default', () => {
    const r = repairRunConfig({ version: 1, backend: 'cpu', train: { ...DEFAULT_CONFIG.train, seed: undefined } })
    expect(r.rejected.map((x) => x.path)).toEqual(['data', 'features', 'model', 'train.seed'])
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, backend: 'cpu' })
  })
})
