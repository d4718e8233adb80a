import { ATR, BollingerBands, EMA, getStandardDeviation, MACD, MOM, ROC, RSI, SMA } from 'trading-signals'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundledPair } from '../data/testing'
import type { Candles } from '../data/types'
import { atr, bollingerWidth, logReturn, macd, momentum, rangeRatio, roc, rsi, volatility, volatilityRatio, volumeRatio } from './indicators'

/**
 * The whole indicator set against trading-signals (a maintained TA library from npm) on real bundled candles.
 * Recursive indicators are seeded differently there (EMA from the first price rather than a mean), so values
 * are compared after a warm-up of 300 bars, by when any seed's influence is below 1e-12.
 */
const WARM_UP = 300

function series<I>(inputs: I[], make: () => { add(i: I): unknown; isStable: boolean; getResult(): unknown }, pick: (r: never) => number = (r) => Number(r)): Float64Array {
  const ind = make()
  return Float64Array.from(inputs, (i) => {
    ind.add(i)
    return ind.isStable ? pick(ind.getResult() as never) : NaN
  })
}

function rolling(values: number[], n: number, f: (w: number[]) => number): Float64Array {
  return Float64Array.from(values, (_, t) => (t >= n - 1 ? f(values.slice(t - n + 1, t + 1)) : NaN))
}

/** Largest difference relative to the value, or to the series' RMS where the value crosses zero (MACD). */
function expectClose(ours: Float64Array, theirs: Float64Array, name: string) {
  let worst = 0
  let compared = 0
  let sq = 0
  for (let t = WARM_UP; t < theirs.length; t++) if (Number.isFinite(theirs[t]!)) sq += theirs[t]! ** 2
  const rms = Math.sqrt(sq / theirs.length)
  for (let t = WARM_UP; t < ours.length; t++) {
    const a = ours[t]!, b = theirs[t]!
    expect(Number.isFinite(a), `${name}[${t}] ours`).toBe(Number.isFinite(b))
    if (!Number.isFinite(a)) continue
    worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(b), rms))
    compared++
  }
  expect(compared, name).toBeGreaterThan(1000)
  expect(worst, name).toBeLessThan(1e-8)
}

describe.each([['BTCUSDT', '1h'], ['DOGEUSDT', '15m']] as const)('%s %s against trading-signals', (symbol, interval) => {
  let c: Candles
  let close: number[]
  beforeAll(async () => {
    c = (await bundledPair(symbol)).find((s) => s.interval === interval)!.candles
    close = Array.from(c.close)
  })
  const hlc = () => close.map((cl, t) => ({ high: c.high[t]!, low: c.low[t]!, close: cl }))

  it('volatility_14 and volatility_ratio', () => {
    const lr = Array.from(logReturn(c.close)).slice(1)
    const sd = [NaN, ...rolling(lr, 14, (w) => getStandardDeviation(w))]
    expectClose(volatility(c.close, 14), Float64Array.from(sd), 'volatility_14')
    const mean = [...rolling(sd.map((v) => (Number.isNaN(v) ? 0 : v)), 60, (w) => w.reduce((a, b) => a + b) / 60)]
    const ratio = Float64Array.from(sd, (v, t) => (t >= 73 ? v / mean[t]! : NaN))
    expectClose(volatilityRatio(c.close, 14, 60), ratio, 'volatility_ratio')
  })

  it('atr_14', () => expectClose(atr(c.high, c.low, c.close, 14), series(hlc(), () => new ATR(14)), 'atr_14'))

  it('bb_width_20', () => {
    const bb = series(close, () => new BollingerBands(20, 2), (r: { upper: number; lower: number; middle: number }) => (r.upper - r.lower) / r.middle)
    expectClose(bollingerWidth(c.close, 20, 2), bb, 'bb_width_20')
  })

  it('range_14', () => {
    const r = close.map((cl, t) => (c.high[t]! - c.low[t]!) / cl)
    expectClose(rangeRatio(c.high, c.low, c.close, 14), series(r, () => new SMA(14)), 'range_14')
  })

  it('rsi_14', () => expectClose(rsi(c.close, 14), series(close, () => new RSI(14)), 'rsi_14'))

  it('macd, macd_signal, macd_hist', () => {
    const ours = macd(c.close, 12, 26, 9)
    const make = () => new MACD(new EMA(12), new EMA(26), new EMA(9))
    expectClose(ours.macd, series(close, make, (r: { macd: number }) => r.macd), 'macd')
    expectClose(ours.signal, series(close, make, (r: { signal: number }) => r.signal), 'macd_signal')
    expectClose(ours.hist, series(close, make, (r: { histogram: number }) => r.histogram), 'macd_hist')
  })

  it('momentum_10 and roc_10', () => {
    expectClose(momentum(c.close, 10), series(close, () => new MOM(10)), 'momentum_10')
    expectClose(roc(c.close, 10), series(close, () => new ROC(10)), 'roc_10')
  })

  it('volume_ratio_20', () => {
    const sma = series(Array.from(c.volume), () => new SMA(20))
    expectClose(volumeRatio(c.volume, 20), c.volume.map((v, t) => v / sma[t]!), 'volume_ratio_20')
  })
})
