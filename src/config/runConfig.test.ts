import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, parseRunConfig } from './runConfig'

describe('run configuration', () => {
  it('accepts the default and survives a JSON round trip', () => {
    const r = parseRunConfig(JSON.parse(JSON.stringify(DEFAULT_CONFIG)))
    expect(r).toEqual({ ok: true, config: DEFAULT_CONFIG })
    expect(DEFAULT_CONFIG.data.pairs).toHaveLength(22)
  })

  it('names every field it rejects', () => {
    const bad = structuredClone(DEFAULT_CONFIG) as unknown as { data: Record<string, unknown> & { binance: Record<string, unknown> } }
    bad.data.pairs = ['btc-usdt']
    bad.data.binance.spacingMs = 10
    bad.data.binance.baseUrl = 'ftp://x'
    bad.data.binance.history = { kind: 'range', start: '2024-13-45', end: '2024-02-01' }
    const r = parseRunConfig(bad)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([
      'data.pairs.0: a pair like BTCUSDT',
      'data.binance.baseUrl: an http(s) URL',
      'data.binance.history.start: a real date',
      'data.binance.spacingMs: Too small: expected number to be >=100',
    ])
  })

  it('rejects an unknown version', () => {
    expect(parseRunConfig({ ...DEFAULT_CONFIG, version: 2 })).toMatchObject({ ok: false, errors: [expect.stringMatching(/^version:/)] })
  })
})

describe('features configuration', () => {
  it('rejects periods and splits out of range, naming the field', () => {
    const bad = structuredClone(DEFAULT_CONFIG) as unknown as { features: { indicators: unknown[]; split: unknown; window: number } }
    bad.features.indicators[6] = { kind: 'rsi', period: 0 }
    bad.features.indicators[7] = { kind: 'macd', fast: 26, slow: 12, signal: 9 }
    bad.features.split = { train: 0.9, val: 0.2 }
    bad.features.window = 1
    const r = parseRunConfig(bad)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([
      'features.indicators.6.period: Too small: expected number to be >=1',
      'features.indicators.7.fast: fast must be shorter than slow',
      'features.window: Too small: expected number to be >=2',
      'features.split.val: train + val must leave a test split',
    ])
  })
})
