import type { CoinFeatures } from '../features/types'

const idx = (n: number) => ({ end1h: new Int32Array(n), end15m: new Int32Array(n), target: new Float32Array(n), close: new Float64Array(n) })

/** A coin's features as a run record reads them: 7 train and 2 val samples, no test split, tiny statistics. */
export const fakeCoin = {
  symbol: 'BTCUSDT',
  samples: { train: idx(7), val: idx(2), test: idx(0) },
  splitStart: { train: 1000, val: 2000, test: NaN },
  stats: { h1: { mean: Float64Array.of(1, 2), std: Float64Array.of(3, 4) }, m15: { mean: Float64Array.of(5), std: Float64Array.of(6) } },
} as unknown as CoinFeatures
