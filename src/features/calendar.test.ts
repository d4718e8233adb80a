import { describe, expect, it } from 'vitest'
import { bundledPair } from '../data/testing'
import { calendarCut, spanOf, splitByDate } from './calendar'
import { buildCoinFeatures } from './pipeline'
import { DEFAULT_FEATURES } from './spec'

const H = 3_600_000

describe('calendarCut', () => {
  it('cuts at 70 % and 85 % of the pooled hours, on the hour, worked by hand', () => {
    // A covers hours 0–100, B 50–100: 150 pooled hours. Before date D (50 ≤ D ≤ 100) lie D + (D − 50) of them.
    // 70 %: 2D − 50 = 105 → D = 77.5 h → 77 h. 85 %: 2D − 50 = 127.5 → D = 88.75 h → 88 h.
    expect(calendarCut([{ first: 0, last: 100 * H }, { first: 50 * H, last: 100 * H }], { train: 0.7, val: 0.15 })).toEqual({ val: 77 * H, test: 88 * H })
  })
  it('refuses when no coin has hours', () => {
    expect(() => calendarCut([{ first: 0, last: -1 }], { train: 0.7, val: 0.15 })).toThrow(/no coin has overlapping 1h and 15m bars/)
  })
  it('spans a coin where both streams have bars', () => {
    expect(spanOf(Float64Array.of(0, H, 2 * H, 3 * H), Float64Array.of(H, 2 * H))).toEqual({ first: H, last: 2 * H })
  })
})

describe('splitByDate', () => {
  it('splits at the dates and purges targets that reach past them', () => {
    const t = Float64Array.from({ length: 10 }, (_, i) => i * H)
    // train T < 6 h keeps T + 3 h ≤ 6 h (0–3); val 6–7 keeps T + 3 h ≤ 8 h (none); test 8–9
    expect(splitByDate(t, { val: 6 * H, test: 8 * H }, 3)).toEqual({ splits: { train: { lo: 0, hi: 4 }, val: { lo: 6, hi: 6 }, test: { lo: 8, hi: 10 } }, purged: 4 })
    expect(splitByDate(t, { val: 6 * H, test: 8 * H }, 1).purged).toBe(0)
  })
})

describe('one calendar for every coin', () => {
  it('no coin trains on a sample after the validation date, and each split lies in its dates', async () => {
    const coins = await Promise.all(['BTCUSDT', 'LINKUSDT'].map(async (s) => ({ s, pair: await bundledPair(s) })))
    const cut = calendarCut(coins.map(({ pair: [a, b] }) => spanOf(a!.candles.openTime, b!.candles.openTime)), DEFAULT_FEATURES.split)
    for (const { s, pair: [a, b] } of coins) {
      const c = buildCoinFeatures(s, a!.candles, b!.candles, DEFAULT_FEATURES, cut)
      const open = (r: number) => c.h1.start + r * H
      expect(c.cut).toEqual(cut)
      expect(c.fitOn).toBe('train')
      expect(open(c.samples.train.end1h.at(-1)!) + H).toBeLessThanOrEqual(cut.val)
      expect(open(c.samples.val.end1h[0]!)).toBeGreaterThanOrEqual(cut.val)
      expect(open(c.samples.val.end1h.at(-1)!) + H).toBeLessThanOrEqual(cut.test)
      expect(open(c.samples.test.end1h[0]!)).toBeGreaterThanOrEqual(cut.test)
    }
  })
  it('a coin that starts after the validation date is scaled on its validation rows and never trained on', async () => {
    const [a, b] = await bundledPair('LINKUSDT')
    const span = spanOf(a!.candles.openTime, b!.candles.openTime)
    const cut = { val: span.first - 10 * H, test: span.first + Math.floor((span.last - span.first) / 2 / H) * H }
    const c = buildCoinFeatures('LINKUSDT', a!.candles, b!.candles, DEFAULT_FEATURES, cut)
    expect(c.samples.train.end1h.length).toBe(0)
    expect(c.fitOn).toBe('val')
    expect(c.samples.test.end1h.length).toBeGreaterThan(100)
  })
})
