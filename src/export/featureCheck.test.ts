import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../config/runConfig'
import type { CoinFeatures } from '../features/types'
import { featureDifference } from './featureCheck'
import { buildRunRecord } from './runRecord'

const coin = (symbol: string, mean1h: number[]) => ({
  symbol,
  samples: { train: { end1h: new Int32Array(3) }, val: { end1h: new Int32Array(1) }, test: { end1h: new Int32Array(1) } },
  splitStart: { train: 0, val: 1, test: 2 },
  stats: { h1: { mean: Float64Array.from(mean1h), std: Float64Array.of(1, 2) }, m15: { mean: Float64Array.of(0, 0), std: Float64Array.of(1, 1) } },
}) as unknown as CoinFeatures

const names = ['log_return', 'rsi_14']
const record = buildRunRecord({
  name: 'r', config: DEFAULT_CONFIG, featureNames: names, coins: [coin('BTCUSDT', [0.001, 50.5])],
  data: { source: 'bundled', origin: 'bundled', fingerprint: '00000000deadbeef', series: 2, bars: 10 },
})
const f = DEFAULT_CONFIG.features

describe('featureDifference: loading refuses features other than the trained ones, naming the difference', () => {
  it('the same names, config and statistics: nothing to say', () => {
    expect(featureDifference(record, names, f, [coin('BTCUSDT', [0.001, 50.5]), coin('ETHUSDT', [9, 9])])).toBeUndefined()
  })

  it.each<[string, string[], typeof f, CoinFeatures[], RegExp]>([
    ['a period changed (rsi_14 → rsi_7)', ['log_return', 'rsi_7'], f, [coin('BTCUSDT', [0.001, 50.5])], /it has rsi_14; the Features cell builds rsi_7/],
    ['a feature removed', ['log_return'], f, [coin('BTCUSDT', [0.001])], /it has rsi_14; set the features/],
    ['the order', ['rsi_14', 'log_return'], f, [coin('BTCUSDT', [0.001, 50.5])], /another order \(log_return, rsi_14\)/],
    ['the window', names, { ...f, window: 30 }, [coin('BTCUSDT', [0.001, 50.5])], /windows of 60 bars; the Features cell builds 30/],
    ['the horizon', names, { ...f, horizon: 4 }, [coin('BTCUSDT', [0.001, 50.5])], /forecasts 1 h ahead; the Features cell's target is 4 h ahead/],
    ['the target scaling', names, { ...f, target: { kind: 'none' } }, [coin('BTCUSDT', [0.001, 50.5])], /target scaling is \{"kind":"ewma","lambda":0.94\}; the Features cell's is \{"kind":"none"\}/],
    ['the clipping', names, { ...f, clip: 3 }, [coin('BTCUSDT', [0.001, 50.5])], /clipped at ±5 std; the Features cell clips at ±3/],
    ['a trained coin not loaded', names, f, [coin('ETHUSDT', [0.001, 50.5])], /trained on BTCUSDT, which has no features here/],
    ['the scaling statistics (other candles)', names, f, [coin('BTCUSDT', [0.001, 50.6])], /BTCUSDT's 1h rsi_14 is scaled with mean 50.6 here but 50.5 when the model was trained .*fingerprint 00000000deadbeef/],
  ])('%s', (_, n, config, coins, message) => {
    expect(featureDifference(record, n, config, coins)).toMatch(message)
  })
})
