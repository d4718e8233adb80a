import type { CoinFeatures } from '../features/types'
import type { CoinEvalInput } from './evaluate'
import type { CoinForecast, Split } from './types'

/** What `evaluate` needs of one coin besides the model's forecasts: its fit and validation splits and closes. */
export function evalInput(coin: CoinFeatures, split: Split, forecast: CoinForecast): CoinEvalInput {
  const fit = coin.samples[coin.fitOn]
  return {
    forecast,
    trainReturns: fit.target,
    h1Close: coin.h1Close,
    ends: coin.samples[split].end1h,
    fit: { ends: fit.end1h, returns: fit.target },
    val: { ends: coin.samples.val.end1h, returns: coin.samples.val.target },
  }
}
