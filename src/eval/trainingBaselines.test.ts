import { describe, expect, it } from 'vitest'
import { bundledPair } from '../data/testing'
import { buildCoinFeatures } from '../features/pipeline'
import { DEFAULT_FEATURES, SEED_FEATURES } from '../features/spec'
import { evaluate } from './evaluate'
import { evalInput } from './inputs'
import { validationBaselineLosses } from './trainingBaselines'

const L = [0.1, 0.5, 0.9] as const

describe('validationBaselineLosses', () => {
  it('on raw targets (scale 1) equals each baseline pooled pinball on the validation split, as Evaluate scores it', async () => {
    const coins = await Promise.all(['LINKUSDT', 'UNIUSDT'].map(async (s) => {
      const [h1, m15] = await bundledPair(s)
      return buildCoinFeatures(s, h1!.candles, m15!.candles, { ...SEED_FEATURES, window: 12 })
    }))
    const losses = validationBaselineLosses(coins, L)
    // Evaluate on the validation split with any model forecast: its baselines are what the loss chart draws
    const ev = evaluate(coins.map((c) => evalInput(c, 'val', {
      symbol: c.symbol, openTime: new Float64Array(c.samples.val.end1h.length), close: Float64Array.from(c.samples.val.close),
      actual: Float64Array.from(c.samples.val.target), mid: new Float64Array(c.samples.val.end1h.length),
    })), 'val', L, 1)
    expect(losses.randomWalk).toBeCloseTo(ev.baselines.randomWalk.pinball!.mean, 7)
    expect(losses.historical).toBeCloseTo(ev.baselines.historical.pinball!.mean, 7)
    expect(losses.ewma).toBeCloseTo(ev.baselines.ewma.pinball!.mean, 7)
  })
  it('on scaled targets is in the scaled units: far above the raw-return pinball (~0.002)', async () => {
    const [h1, m15] = await bundledPair('LINKUSDT')
    const c = buildCoinFeatures('LINKUSDT', h1!.candles, m15!.candles, { ...DEFAULT_FEATURES, window: 12 })
    const losses = validationBaselineLosses([c], L)
    for (const v of Object.values(losses)) expect(v).toBeGreaterThan(0.15) // z-scale: the mean pinball of N(0, 1) at 10/50/90 % is ≈ 0.24
    expect(losses.ewma).toBeLessThan(losses.randomWalk)
  })
})
