import type { CoinFeatures } from '../features/types'
import type { HeadConfig } from '../model/types'
import type { HeadInit } from '../model/headInit'
import { quantileSorted, sortedFinite } from '../util/quantiles'

/** The head's starting point from the training coins' training targets (divided by their scale), pooled. */
export function headInitFor(coins: readonly CoinFeatures[], head: HeadConfig): HeadInit {
  const ys: number[] = []
  for (const c of coins) {
    const s = c.samples.train
    for (let i = 0; i < s.target.length; i++) ys.push(s.target[i]! / s.scale[i]!)
  }
  const sorted = sortedFinite(ys)
  if (sorted.length === 0) throw new Error('train: no training samples to start the head from')
  if (head.kind === 'value') return { kind: 'value', mean: sorted.reduce((a, b) => a + b, 0) / sorted.length }
  const [a, b, c] = head.quantiles
  const values: [number, number, number] = [quantileSorted(sorted, a), quantileSorted(sorted, b), quantileSorted(sorted, c)]
  return head.median === 'zero' ? { kind: 'quantiles', values, median: 'zero' } : { kind: 'quantiles', values }
}
