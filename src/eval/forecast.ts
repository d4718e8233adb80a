import type { CoinFeatures } from '../features/types'
import type { CoinForecast, Split } from './types'

/**
 * One coin's forecasts from the model's outputs over a split: three outputs are the low, mid and high quantile
 * of the scaled log return, one output is the scaled return itself.
 */
export function coinForecast(coin: CoinFeatures, split: Split, values: Float32Array, outputs: number): CoinForecast {
  const s = coin.samples[split]
  const n = s.end1h.length
  if (values.length !== n * outputs || (outputs !== 1 && outputs !== 3)) {
    throw new Error(`eval: ${coin.symbol} has ${n} ${split} samples but ${values.length} outputs in rows of ${outputs}; expected 1 or 3 per sample`)
  }
  // The model learns targets divided by their scale (σ_t·√h, or 1): its outputs times that scale are log returns.
  const col = (j: number) => Float64Array.from({ length: n }, (_, i) => values[i * outputs + j]! * s.scale[i]!)
  return {
    symbol: coin.symbol,
    openTime: Float64Array.from(s.end1h, (r) => coin.h1.start + r * coin.h1.step),
    close: Float64Array.from(s.close),
    // From the raw closes, not the Float32 training target: next_close = close · exp(actual) to the cent.
    actual: Float64Array.from(s.end1h, (r, i) => Math.log(coin.h1Close[r + coin.horizon]! / s.close[i]!)),
    ...(outputs === 3 ? { low: col(0), mid: col(1), high: col(2) } : { mid: col(0) }),
  }
}
