import { describe, expect, it } from 'vitest'
import { bundledPair } from '../data/testing'
import { buildCoinFeatures } from '../features/pipeline'
import { DEFAULT_FEATURES, SEED_FEATURES } from '../features/spec'
import { coinForecast } from './forecast'

describe('target scaling round trip', () => {
  it('a scaled forecast comes back as the same log-return forecast an unscaled model would give', async () => {
    const [h1, m15] = await bundledPair('UNIUSDT')
    const cfg = { ...SEED_FEATURES, window: 12 }
    const raw = buildCoinFeatures('UNIUSDT', h1!.candles, m15!.candles, cfg)
    const scaled = buildCoinFeatures('UNIUSDT', h1!.candles, m15!.candles, { ...cfg, target: DEFAULT_FEATURES.target })
    expect(Array.from(scaled.samples.test.end1h)).toEqual(Array.from(raw.samples.test.end1h))
    expect(raw.samples.test.scale.every((s) => s === 1)).toBe(true)
    const n = raw.samples.test.end1h.length
    // A reference forecast in log returns, and what a model on scaled targets outputs for it: ref / scale
    const ref = Float32Array.from({ length: n * 3 }, (_, i) => [-0.012, 0.0004, 0.011][i % 3]! * (1 + (i % 7) / 10))
    const out = ref.map((v, i) => v / scaled.samples.test.scale[Math.floor(i / 3)]!)
    const a = coinForecast(raw, 'test', ref, 3), b = coinForecast(scaled, 'test', out, 3)
    for (const k of ['low', 'mid', 'high'] as const) {
      for (let i = 0; i < n; i++) expect(Math.abs(b[k]![i]! - a[k]![i]!)).toBeLessThan(1e-6 * Math.abs(a[k]![i]!) + 1e-12)
    }
    // prices: close · exp(q) agree to a fraction of a cent on a coin near 10 USDT
    expect(Math.abs(b.close[9]! * Math.exp(b.high![9]!) - a.close[9]! * Math.exp(a.high![9]!))).toBeLessThan(1e-5)
    expect(b.actual).toEqual(a.actual)
  })
})
