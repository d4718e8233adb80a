import { beforeAll, describe, expect, it } from 'vitest'
import { bundledPair } from '../data/testing'
import { INTERVAL_MS, type Candles } from '../data/types'
import { buildCoinFeatures, rawStream, type RawStream } from './pipeline'
import { selectSamples, splitSamples } from './samples'
import { DEFAULT_FEATURES } from './spec'
import { gatherWindows } from './windows'

const cfg = DEFAULT_FEATURES
const H = INTERVAL_MS['1h']
const Q = INTERVAL_MS['15m']
let h1: Candles
let m15: Candles
beforeAll(async () => {
  const s = await bundledPair('SOLUSDT')
  h1 = s.find((x) => x.interval === '1h')!.candles
  m15 = s.find((x) => x.interval === '15m')!.candles
})

/** Bars opening after `after` get prices and volumes ×1000: a future no sample at or before it may see. */
function poison(c: Candles, after: number): Candles {
  const k = (a: Float64Array) => a.map((v, i) => (c.openTime[i]! > after ? v * 1000 : v))
  return { openTime: c.openTime, open: k(c.open), high: k(c.high), low: k(c.low), close: k(c.close), volume: k(c.volume) }
}

const rows = (s: RawStream) => ({ rows: s.grid.present.length, start: s.grid.start, step: s.grid.step, present: s.grid.present, defined: s.defined })
const windowOf = (s: RawStream, end: number) => s.columns.map((col) => Array.from(col.subarray(end - cfg.window + 1, end + 1)))

describe('no look-ahead', () => {
  it('a sample at bar t sees nothing of a poisoned future, and the poison is visible one bar later', () => {
    const T = 3000 // the 1h bar the forecast is made at
    const tOpen = h1.openTime[T]!
    const clean = { a: rawStream(h1, H, cfg), b: rawStream(m15, Q, cfg) }
    // 1h bars after T, and 15m bars closing after T closes (opening after T + 45 min), are poisoned
    const dirty = { a: rawStream(poison(h1, tOpen), H, cfg), b: rawStream(poison(m15, tOpen + H - Q), Q, cfg) }
    const pick = (s: typeof clean) => {
      const { end1h, end15m } = selectSamples(rows(s.a), rows(s.b), () => true, cfg.window).samples
      return Array.from(end1h, (t, i) => ({ end1h: t, end15m: end15m[i]! }))
    }
    const samplesClean = pick(clean)
    const samplesDirty = pick(dirty)
    const atT = samplesClean.find((s) => s.end1h === T)!
    // the last 15m bar in the window closes exactly when bar T closes
    expect(clean.b.grid.start + atT.end15m * Q).toBe(tOpen + H - Q)
    let checked = 0
    for (const s of samplesClean.filter((x) => x.end1h <= T)) {
      const d = samplesDirty.find((x) => x.end1h === s.end1h)!
      expect(d.end15m).toBe(s.end15m)
      expect(windowOf(dirty.a, s.end1h)).toEqual(windowOf(clean.a, s.end1h))
      expect(windowOf(dirty.b, s.end15m)).toEqual(windowOf(clean.b, s.end15m))
      checked++
    }
    expect(checked).toBeGreaterThan(2000)
    const next = samplesClean.find((s) => s.end1h === T + 1)!
    expect(windowOf(dirty.a, next.end1h)).not.toEqual(windowOf(clean.a, next.end1h))
    expect(windowOf(dirty.b, next.end15m)).not.toEqual(windowOf(clean.b, next.end15m))
  })
})

describe('buildCoinFeatures', () => {
  it('fits the z-scores on the training split only', () => {
    const base = buildCoinFeatures('SOLUSDT', h1, m15, cfg)
    // change everything after the last training bar: the statistics must not move
    const lastTrain = base.h1.start + base.samples.train.end1h.at(-1)! * H
    const moved = buildCoinFeatures('SOLUSDT', poison(h1, lastTrain + H), poison(m15, lastTrain + 2 * H), cfg)
    expect(moved.stats).toEqual(base.stats)
    expect(moved.samples.train.end1h).toEqual(base.samples.train.end1h)
    // …while changing a training bar does move them
    const early = buildCoinFeatures('SOLUSDT', poison(h1, base.h1.start + 2000 * H), m15, cfg)
    expect(early.stats.h1.mean).not.toEqual(base.stats.h1.mean)
  })

  it('splits 70 / 15 / 15 in time order with targets next-bar log returns', () => {
    const c = buildCoinFeatures('SOLUSDT', h1, m15, cfg)
    const n = { train: c.samples.train.end1h.length, val: c.samples.val.end1h.length, test: c.samples.test.end1h.length }
    const total = n.train + n.val + n.test
    expect(n.train).toBe(Math.floor(total * 0.7))
    expect(n.val).toBe(Math.floor(total * 0.15))
    expect(c.samples.train.end1h.at(-1)!).toBeLessThan(c.samples.val.end1h[0]!)
    expect(c.samples.val.end1h.at(-1)!).toBeLessThan(c.samples.test.end1h[0]!)
    const t = c.samples.test.end1h[5]!
    const closeAt = (row: number) => h1.close[h1.openTime.indexOf(c.h1.start + row * H)]!
    expect(c.samples.test.target[5]).toBeCloseTo(Math.log(closeAt(t + 1) / closeAt(t)), 6)
    expect(c.samples.test.close[5]).toBe(closeAt(t))
    // the first samples wait for the longest warm-up: volatility_ratio needs 73 bars, then a 60-bar window
    expect(c.samples.train.end1h[0]).toBe(73 + 59)
    expect(c.dropped['1h window in indicator warm-up']).toBe(73 + 59)
    expect(c.dropped['no target']).toBe(1)
  })

  it('lazy windows equal windows materialised from the raw features and the train statistics', () => {
    const c = buildCoinFeatures('SOLUSDT', h1, m15, cfg)
    const raw = rawStream(h1, H, cfg)
    const picks = [0, 17, 499, c.samples.val.end1h.length - 1]
    const got = gatherWindows(c.h1, c.samples.val.end1h, picks, cfg.window)
    const F = c.h1.features
    picks.forEach((p, k) => {
      const end = c.samples.val.end1h[p]!
      for (let r = 0; r < cfg.window; r++) {
        for (let f = 0; f < F; f++) {
          const z = (raw.columns[f]![end - cfg.window + 1 + r]! - c.stats.h1.mean[f]!) / c.stats.h1.std[f]!
          expect(got[(k * cfg.window + r) * F + f]).toBeCloseTo(Math.max(-5, Math.min(5, z)), 4)
        }
      }
    })
  })
})

describe('selectSamples', () => {
  it('counts samples dropped around a gap of missing bars', () => {
    const n = 300
    const close = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 3) * 2)
    const make = (step: number, times: number) => {
      const len = n * times
      const c = Float64Array.from({ length: len }, (_, i) => close[Math.floor(i / times)]!)
      return { openTime: Float64Array.from({ length: len }, (_, i) => i * step), open: c, high: c.map((x) => x + 1), low: c.map((x) => x - 1), close: c, volume: c.map(() => 3) }
    }
    const a0 = make(H, 1)
    const keep = Array.from({ length: n }, (_, i) => i).filter((i) => i !== 200 && i !== 201) // a 2-bar gap
    const a = Object.fromEntries(Object.entries(a0).map(([k, v]) => [k, Float64Array.from(keep, (i) => v[i]!)])) as unknown as Candles
    const A = rawStream(a, H, { ...cfg, window: 10 })
    const B = rawStream(make(Q, 4), Q, { ...cfg, window: 10 })
    const { samples, dropped } = selectSamples(rows(A), rows(B), (t) => t + 1 < n && A.grid.present[t + 1] === 1, 10)
    // t = 202..210: their 10-bar windows reach back into the gap
    expect(dropped['1h window has missing bars']).toBe(9)
    expect(dropped['no target']).toBe(2) // t = 199 (its next bar is missing) and the last bar
    // indicators restart after the gap: volatility_ratio is defined again from 202 + 73 = 275, so the first
    // window after the gap ends at 284
    const ends = Array.from(samples.end1h)
    expect(ends.filter((t) => t >= 199 && t < 284)).toEqual([])
    expect(ends).toContain(284)
  })
})

describe('splitSamples', () => {
  it('purges samples whose target reaches into the next split', () => {
    const t = Int32Array.from({ length: 10 }, (_, i) => i)
    // train t = 0..5, val 6..7, test 8..9; horizon 3: train keeps t + 3 ≤ 6, val keeps t + 3 ≤ 8
    const { splits, purged } = splitSamples(t, 0.6, 0.2, 3)
    expect(splits).toEqual({ train: { lo: 0, hi: 4 }, val: { lo: 6, hi: 6 }, test: { lo: 8, hi: 10 } })
    expect(purged).toBe(4)
    expect(splitSamples(t, 0.6, 0.2, 1)).toEqual({ splits: { train: { lo: 0, hi: 6 }, val: { lo: 6, hi: 8 }, test: { lo: 8, hi: 10 } }, purged: 0 })
    // a gap between samples: t = 0, 1, 2, 10, 11 with horizon 3 — sample 2 (target bar 5) is clear of 10
    expect(splitSamples(Int32Array.of(0, 1, 2, 10, 11), 0.6, 0, 3).splits.train).toEqual({ lo: 0, hi: 3 })
  })
})
