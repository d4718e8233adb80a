import { beforeAll, describe, expect, it } from 'vitest'
import { bundledPair } from '../data/testing'
import { buildCoinFeatures } from '../features/pipeline'
import { DEFAULT_FEATURES } from '../features/spec'
import type { CoinFeatures } from '../features/types'
import { gatherWindows } from '../features/windows'
import { seededRng } from '../util/rng'
import { gatherBatch, listSamples, shuffle } from './batches'

let coins: CoinFeatures[]
beforeAll(async () => {
  coins = []
  for (const sym of ['LINKUSDT', 'UNIUSDT']) {
    const [h1, m15] = await bundledPair(sym)
    coins.push(buildCoinFeatures(sym, h1!.candles, m15!.candles, DEFAULT_FEATURES))
  }
})

describe('batches', () => {
  it('lists every sample of a split across coins once', () => {
    const l = listSamples(coins, 'val')
    expect(l.coin.length).toBe(coins[0]!.samples.val.end1h.length + coins[1]!.samples.val.end1h.length)
    expect(new Set(Array.from(l.coin, (c, k) => `${c}:${l.index[k]}`)).size).toBe(l.coin.length)
  })

  it('shuffles reproducibly and keeps every sample', () => {
    const a = listSamples(coins, 'train')
    const b = listSamples(coins, 'train')
    shuffle(a, seededRng(9))
    shuffle(b, seededRng(9))
    expect(a).toEqual(b)
    const keys = (l: typeof a) => Array.from(l.coin, (c, k) => c * 1e6 + l.index[k]!).sort((x, y) => x - y)
    expect(keys(a)).toEqual(keys(listSamples(coins, 'train')))
    expect(Array.from(a.index.slice(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('gathers the same windows and targets as the feature layer', () => {
    const l = listSamples(coins, 'train')
    shuffle(l, seededRng(1))
    const b = gatherBatch(coins, 'train', l, 100, 132, 60)
    expect(b.n).toBe(32)
    for (const k of [0, 17, 31]) {
      const c = coins[l.coin[100 + k]!]!
      const i = l.index[100 + k]!
      const w1 = gatherWindows(c.h1, c.samples.train.end1h, [i], 60)
      const w2 = gatherWindows(c.m15, c.samples.train.end15m, [i], 60)
      expect(b.h1.subarray(k * w1.length, (k + 1) * w1.length)).toEqual(w1)
      expect(b.m15.subarray(k * w2.length, (k + 1) * w2.length)).toEqual(w2)
      expect(b.y[k]).toBe(Math.fround(c.samples.train.target[i]! / c.samples.train.scale[i]!))
    }
  })
})
