import { beforeAll, describe, expect, it } from 'vitest'
import { sliceCandles } from '../data/candles'
import { bundledPair } from '../data/testing'
import type { Candles } from '../data/types'
import { liveWindows } from './liveWindows'
import { buildCoinFeatures } from './pipeline'
import { DEFAULT_FEATURES } from './spec'
import type { CoinFeatures } from './types'

const H = 3_600_000
let h1: Candles, m15: Candles, coin: CoinFeatures

beforeAll(async () => {
  const s = await bundledPair('BTCUSDT')
  h1 = s.find((x) => x.interval === '1h')!.candles
  m15 = s.find((x) => x.interval === '15m')!.candles
  coin = buildCoinFeatures('BTCUSDT', h1, m15, DEFAULT_FEATURES)
})

/** What a live fetch returns at bar `bar`: the last 1000 1h and 300 15m bars that have closed by its close. */
function fetchedAt(bar: number, later = 0): { h1: Candles; m15: Candles } {
  return { h1: sliceCandles(h1, bar - 999 * H, bar + later * H), m15: sliceCandles(m15, bar + H - 300 * 900_000, bar + 45 * 60_000 + later * H) }
}

describe('live windows from the run snapshot', () => {
  it('equal the training pipeline\'s windows for the same bar, with its statistics and target scale', () => {
    const test = coin.samples.test
    const k = test.end1h.length - 1
    const t = test.end1h[k]!, t15 = test.end15m[k]!
    const bar = coin.h1.start + t * H
    const { h1: a, m15: b } = fetchedAt(bar)
    const got = liveWindows(a, b, bar, DEFAULT_FEATURES, coin.stats)
    if (!got.ok) throw new Error(got.reason)
    const f = coin.h1.features, w = coin.window
    const want1 = coin.h1.data.subarray((t - w + 1) * f, (t + 1) * f)
    const want15 = coin.m15.data.subarray((t15 - w + 1) * f, (t15 + 1) * f)
    // indicators with long memory (Wilder's RSI, EMAs) started 1000 bars back instead of years back: equal to float32
    got.windows.h1.forEach((v, i) => expect(v).toBeCloseTo(want1[i]!, 4))
    got.windows.m15.forEach((v, i) => expect(v).toBeCloseTo(want15[i]!, 4))
    expect(got.windows.scale).toBeCloseTo(test.scale[k]!, 7)
    expect(got.windows.close).toBe(test.close[k])
  })

  it('reads nothing after the bar: bars fetched later, even poisoned, change no number', () => {
    const bar = coin.h1.start + coin.samples.val.end1h[10]! * H
    const clean = liveWindows(fetchedAt(bar).h1, fetchedAt(bar).m15, bar, DEFAULT_FEATURES, coin.stats)
    const later = fetchedAt(bar, 5)
    const poison = (c: Candles, after: number) => {
      for (let i = 0; i < c.openTime.length; i++) if (c.openTime[i]! > after) for (const k of ['open', 'high', 'low', 'close', 'volume'] as const) c[k][i] = 1e9
    }
    const copy = (c: Candles): Candles => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, (v as Float64Array).slice()])) as unknown as Candles
    const a = copy(later.h1), b = copy(later.m15)
    poison(a, bar)
    poison(b, bar + 45 * 60_000)
    const dirty = liveWindows(a, b, bar, DEFAULT_FEATURES, coin.stats)
    expect(dirty).toEqual(clean)
  })

  it('skips a coin with a gap in its windows, or without the bar, and says why', () => {
    const bar = coin.h1.start + coin.samples.val.end1h[10]! * H
    const { h1: a, m15: b } = fetchedAt(bar)
    const keep = (c: Candles, drop: number) => {
      const i = Array.from(c.openTime).indexOf(drop)
      const cut = (x: Float64Array) => Float64Array.from([...x.subarray(0, i), ...x.subarray(i + 1)])
      return { openTime: cut(c.openTime), open: cut(c.open), high: cut(c.high), low: cut(c.low), close: cut(c.close), volume: cut(c.volume) }
    }
    expect(liveWindows(keep(a, bar - 3 * H), b, bar, DEFAULT_FEATURES, coin.stats)).toEqual({ ok: false, reason: `gap: 1 of the 60 1h bars before ${iso(bar + H)} are missing` })
    expect(liveWindows(a, keep(b, bar), bar, DEFAULT_FEATURES, coin.stats)).toEqual({ ok: false, reason: `gap: 1 of the 60 15m bars before ${iso(bar + H)} are missing` })
    const r = liveWindows(a, b, bar + H, DEFAULT_FEATURES, coin.stats)
    expect(r.ok ? '' : r.reason).toBe(`no closed 1h bar at ${iso(bar + H)} (the exchange's last is ${iso(bar)}; delisted or halted?)`)
    const short = liveWindows(sliceCandles(h1, bar - 70 * H, bar), b, bar, DEFAULT_FEATURES, coin.stats)
    expect(short.ok ? '' : short.reason).toMatch(/^not enough history before/)
  })
})

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
