import { describe, expect, it } from 'vitest'
import { atr, bollingerWidth, ema, logReturn, macd, momentum, natr, ppo, rangeRatio, roc, rsi, volatility, volatilityRatio, volumeRatio } from './indicators'
import { absReturn, dayOfWeek, hourOfDay, logHighLow, realizedVol } from './volatilityInputs'

const f = (...v: number[]) => Float64Array.from(v)
/** Rounded to 7 decimals, NaN kept, so hand-worked numbers compare exactly. */
const r7 = (a: Float64Array) => Array.from(a, (v) => (Number.isNaN(v) ? NaN : Math.round(v * 1e7) / 1e7))

// A five-bar market worked by hand: closes 10, 11, 10.5, 11.5, 12; each bar spans close ± 0.5.
const close = f(10, 11, 10.5, 11.5, 12)
const high = close.map((c) => c + 0.5)
const low = close.map((c) => c - 0.5)

describe('indicators by hand', () => {
  it('log_return = ln(c_t / c_t−1)', () => {
    expect(r7(logReturn(close))).toEqual([NaN, 0.0953102, -0.04652, 0.0909718, 0.0425596])
  })

  it('volatility_n = population std of log returns', () => {
    // t=2: |0.0953102 − (−0.0465200)| / 2
    expect(r7(volatility(close, 2))).toEqual([NaN, NaN, 0.0709151, 0.0687459, 0.0242061])
  })

  it('volatility_ratio = volatility / its mean over m bars', () => {
    // t=3: 0.0687459 / ((0.0709151 + 0.0687459) / 2)
    expect(r7(volatilityRatio(close, 2, 2))).toEqual([NaN, NaN, NaN, 0.9844681, 0.5208298])
  })

  it('true range and Wilder ATR', () => {
    // TR_1 = max(1, |11.5 − 10|, |10.5 − 10|) = 1.5; TR_2 = max(1, 0, 1) = 1; TR_3 = 1.5; TR_4 = 1
    // ATR_2 = (1.5 + 1)/2; ATR_3 = (1.25 + 1.5)/2; ATR_4 = (1.375 + 1)/2
    expect(r7(atr(high, low, close, 2))).toEqual([NaN, NaN, 1.25, 1.375, 1.1875])
  })

  it('bb_width = 2k·σ / SMA', () => {
    // t=1: closes 10, 11 → mean 10.5, σ 0.5 → 2·2·0.5 / 10.5
    expect(r7(bollingerWidth(close, 2, 2))).toEqual([NaN, 0.1904762, 0.0930233, 0.1818182, 0.0851064])
  })

  it('range_n = mean of (high − low)/close', () => {
    // t=1: (1/10 + 1/11)/2
    expect(r7(rangeRatio(high, low, close, 2))).toEqual([NaN, 0.0954545, 0.0930736, 0.0910973, 0.0851449])
  })

  it("rsi_n is Wilder's", () => {
    // gains 1, 0, 1, 0.5; losses 0, 0.5, 0, 0. t=2: G 0.5, L 0.25 → 66.67; t=3: G 0.75, L 0.125; t=4: G 0.625, L 0.0625
    expect(r7(rsi(close, 2))).toEqual([NaN, NaN, 66.6666667, 85.7142857, 90.9090909])
  })

  it('macd, signal and histogram', () => {
    const m = macd(f(10, 11, 10.5, 11.5, 12, 13), 2, 3, 2)
    // EMA2 (α 2/3) from t=1: 10.5, 10.5, 11.1667, 11.7222, 12.5741; EMA3 (α 1/2) from t=2: 10.5, 11, 11.5, 12.25
    expect(r7(m.macd)).toEqual([NaN, NaN, 0, 0.1666667, 0.2222222, 0.3240741])
    // signal seeded with (0 + 0.1667)/2 at t=3, then α 2/3
    expect(r7(m.signal)).toEqual([NaN, NaN, NaN, 0.0833333, 0.1759259, 0.2746914])
    expect(r7(m.hist)).toEqual([NaN, NaN, NaN, 0.0833333, 0.0462963, 0.0493827])
  })

  it('momentum_n and roc_n', () => {
    expect(r7(momentum(close, 2))).toEqual([NaN, NaN, 0.5, 0.5, 1.5])
    expect(r7(roc(close, 2))).toEqual([NaN, NaN, 0.05, 0.0454545, 0.1428571])
  })

  it('volume_ratio_n, NaN where nothing traded', () => {
    expect(r7(volumeRatio(f(1, 3, 2, 0, 0), 2))).toEqual([NaN, 1.5, 0.8, 0, NaN])
  })
})

describe('edge cases', () => {
  const all = (c: Float64Array) => ({
    logReturn: logReturn(c), volatility: volatility(c, 3), ratio: volatilityRatio(c, 3, 3), atr: atr(c, c, c, 3),
    bb: bollingerWidth(c, 3, 2), range: rangeRatio(c, c, c, 3), rsi: rsi(c, 3), macd: macd(c, 2, 3, 2).hist,
    momentum: momentum(c, 3), roc: roc(c, 3), volume: volumeRatio(c, 3),
  })

  it('length 0 gives empty outputs', () => {
    for (const out of Object.values(all(f()))) expect(out.length).toBe(0)
  })

  it('a series shorter than the period is all NaN', () => {
    for (const [name, out] of Object.entries(all(f(5, 6)))) {
      if (name === 'logReturn') continue
      expect(Array.from(out).every(Number.isNaN), name).toBe(true)
    }
  })

  it('a constant series: zero returns, volatility, width and momentum; RSI 0 as TA-Lib; undefined ratio', () => {
    const o = all(f(4, 4, 4, 4, 4, 4, 4, 4, 4, 4))
    expect(o.logReturn[9]).toBe(0)
    expect(o.volatility[9]).toBe(0)
    expect(o.bb[9]).toBe(0)
    expect(o.atr[9]).toBe(0)
    expect(o.momentum[9]).toBe(0)
    expect(o.roc[9]).toBe(0)
    expect(o.rsi[9]).toBe(0)
    expect(o.volume[9]).toBe(1)
    expect(o.ratio[9]).toBeNaN()
  })

  it('a NaN inside poisons only the windows that hold it', () => {
    const c = f(10, 11, 12, NaN, 12, 13, 14, 15, 16, 17, 18, 19)
    expect(r7(momentum(c, 2)).slice(2, 7)).toEqual([2, NaN, 0, NaN, 2])
    const v = volatility(c, 2) // log returns at 3 and 4 are NaN; windows of 2 returns clear at t=6
    expect(Array.from(v.slice(3, 6)).every(Number.isNaN)).toBe(true)
    expect(v[6]).toBeGreaterThan(0)
    const r = rsi(c, 2) // Wilder restarts: two clean changes (t=5, 6) after the NaN
    expect(r[5]).toBeNaN()
    expect(r[6]).toBe(100)
  })
})

describe('scale-free indicators by hand (same five bars)', () => {
  it('natr = 100 · ATR / close', () => {
    // ATR_2..4 = 1.25, 1.375, 1.1875 (above): 125 / 10.5, 137.5 / 11.5, 118.75 / 12
    expect(r7(natr(high, low, close, 2))).toEqual([NaN, NaN, 11.9047619, 11.9565217, 9.8958333])
  })
  it('ema seeded with the simple mean', () => {
    // n = 2, k = 2/3: (10 + 11)/2 = 10.5 at t=1; 10.5 + 2/3 · 0 = 10.5; + 2/3 · 1 = 11.1666667; + 2/3 · 0.8333333 = 11.7222222
    expect(r7(ema(close, 2))).toEqual([NaN, 10.5, 10.5, 11.1666667, 11.7222222])
    // n = 3, k = 1/2: (10 + 11 + 10.5)/3 = 10.5 at t=2, then 11, 11.5
    expect(r7(ema(close, 3))).toEqual([NaN, NaN, 10.5, 11, 11.5])
  })
  it('ppo = 100 · (EMA_fast − EMA_slow) / EMA_slow', () => {
    // t=3: 100 · (11.1666667 − 11) / 11; t=4: 100 · (11.7222222 − 11.5) / 11.5
    expect(r7(ppo(close, 2, 3))).toEqual([NaN, NaN, 0, 1.5151515, 1.9323671])
  })
})

describe('volatility inputs by hand', () => {
  it('log_hl = ln(high / low)', () => {
    expect(r7(logHighLow(high, low))[0]).toBe(0.1000835) // ln(10.5 / 9.5)
  })
  it('abs_log_return = |log_return|', () => {
    expect(r7(absReturn(close))).toEqual([NaN, 0.0953102, 0.04652, 0.0909718, 0.0425596])
  })
  it('realized_vol_n = √(sum of the last n squared log returns)', () => {
    // t=2: √(0.0953102² + 0.0465200²)
    expect(r7(realizedVol(close, 2))).toEqual([NaN, NaN, 0.1060573, 0.1021762, 0.100435])
  })
  it('hour of day and day of week as angles of the open time (UTC)', () => {
    const mon0600 = Date.UTC(2024, 0, 1, 6), mon0645 = Date.UTC(2024, 0, 1, 6, 45), wedNoon = Date.UTC(2024, 0, 3, 12)
    const [hs, hc] = hourOfDay(f(mon0600, mon0645))
    expect(r7(hs)).toEqual([1, 0.9807853]) // 6 h of 24 is a quarter turn; 6.75 h is 101.25°
    expect(r7(hc)).toEqual([0, -0.1950903])
    const [ds, dc] = dayOfWeek(f(Date.UTC(2024, 0, 1), wedNoon)) // 2024-01-01 was a Monday
    expect(r7(ds)).toEqual([0, 0.7818315]) // 2.5 days of 7: 128.57°
    expect(r7(dc)).toEqual([1, -0.6234898])
  })
})
