import type { CoinFeatures, Split } from '../features/types'
import { copyWindow } from '../features/windows'
import type { Rng } from '../util/rng'

/** Samples of one split across coins: sample k is `coins[coin[k]].samples[split]` entry `index[k]`. */
export interface SampleList {
  coin: Int32Array
  index: Int32Array
}

export function listSamples(coins: readonly CoinFeatures[], split: Split): SampleList {
  const n = coins.reduce((s, c) => s + c.samples[split].end1h.length, 0)
  const coin = new Int32Array(n)
  const index = new Int32Array(n)
  let k = 0
  coins.forEach((c, ci) => {
    for (let i = 0; i < c.samples[split].end1h.length; i++, k++) {
      coin[k] = ci
      index[k] = i
    }
  })
  return { coin, index }
}

/** A Fisher–Yates shuffle of the list, in place, drawn from `rng`: the same seed gives the same epochs. */
export function shuffle(list: SampleList, rng: Rng): void {
  for (let i = list.coin.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const c = list.coin[i]!, x = list.index[i]!
    list.coin[i] = list.coin[j]!
    list.index[i] = list.index[j]!
    list.coin[j] = c
    list.index[j] = x
  }
}

/** One batch as flat arrays, ready for tensors. */
export interface Batch {
  /** Float32Array [n × window × h1 features]. */
  h1: Float32Array
  /** Float32Array [n × window × m15 features]. */
  m15: Float32Array
  /** Float32Array [n]: target log returns divided by their scale (what the model learns). */
  y: Float32Array
  n: number
}

/**
 * Copies the windows of samples [from, to) of the list out of the coins' matrices: the lazy windows the
 * Features cell promised; nothing the size of all windows is ever built.
 */
export function gatherBatch(coins: readonly CoinFeatures[], split: Split, list: SampleList, from: number, to: number, window: number): Batch {
  const n = to - from
  const f1 = coins[0]!.h1.features
  const f2 = coins[0]!.m15.features
  const b: Batch = { h1: new Float32Array(n * window * f1), m15: new Float32Array(n * window * f2), y: new Float32Array(n), n }
  for (let k = 0; k < n; k++) {
    const c = coins[list.coin[from + k]!]!
    const i = list.index[from + k]!
    const s = c.samples[split]
    copyWindow(c.h1, s.end1h[i]!, window, b.h1, k * window * f1)
    copyWindow(c.m15, s.end15m[i]!, window, b.m15, k * window * f2)
    b.y[k] = s.target[i]! / s.scale[i]!
  }
  return b
}
