import { describe, expect, it } from 'vitest'
import { targetPosition } from './rules'
import { simulate } from './simulate'
import type { Bars, RuleParams } from './types'

const H = 3_600_000
const PARAMS: RuleParams = { rule: 'gated', maxWidth: 0.015, threshold: 0.001, shorts: false, volTarget: 0.5, leverage: 1, band: 0.1, fee: 0.001, slippage: 0 }

function bars(rows: [hour: number, close: number, next: number, q10: number, q50: number, q90: number][]): Bars {
  const col = (j: number) => Float64Array.from(rows, (r) => (j === 0 ? r[0] * H : r[j]!))
  return { symbol: 'BTCUSDT', openTime: col(0), close: col(1), nextClose: col(2), q10: col(3), q50: col(4), q90: col(5) }
}

// Bar 2 is missing (a hole); bar 3's band is wide; bar 5's median is below θ. Narrow band ±0.005 (w = 0.0100).
const SEQ = bars([
  [0, 100, 101, -0.005, 0.002, 0.005], // buy 0 → 1: pay 0.001, earn 1 %
  [1, 101, 99, -0.005, 0.002, 0.005], // hold 1: earn −2/101; the next bar is not an hour later: close at 99
  [3, 98, 98.98, -0.02, 0.002, 0.02], // band e^0.02 − e^−0.02 = 0.04 > W: stay out
  [4, 100, 102, -0.005, 0.003, 0.005], // buy 0 → 1: pay 0.001, earn 2 %
  [5, 102, 102, -0.005, 0.0005, 0.005], // q50 < θ: sell 1 → 0, pay 0.001; the last bar, already flat
])

const run = (b: Bars, params = PARAMS, horizon = 1) => simulate(b, horizon, params.fee + params.slippage, (k, prev) => targetPosition(b, k, prev, params, horizon))

describe('backtest accounting on a hand-built sequence', () => {
  it('pays the change, earns the bar, closes at a hole and goes on from 0', () => {
    const r = run(SEQ)
    const e1 = 0.999 * 1.01 // 1.00899
    const e2 = ((e1 * 99) / 101) * 0.999 // 0.98901 earned, then the close at the hole pays 0.1 %: 0.98802099
    const e4 = e2 * 0.999 * 1.02 // 1.00677363
    const e5 = e4 * 0.999 // 1.00576686
    expect(Array.from(r.position)).toEqual([1, 1, 0, 1, 0])
    const want = [1, e1, e2, e2, e4, e5]
    Array.from(r.path.equity).forEach((e, k) => expect(e).toBeCloseTo(want[k]!, 12))
    expect(Array.from(r.path.time, (t) => t / H)).toEqual([1, 2, 3, 5, 6, 7])
    expect(r.path.fees).toBeCloseTo(0.001 + e1 * (99 / 101) * 0.001 + e2 * 0.001 + e4 * 0.001, 12)
    expect(r.path.turnover).toBe(4)
    // two trades: −1.198 % (entry fee, +1 %, −1.98 %, exit fee) and +1.796 % (0.999 · 1.02 · 0.999)
    expect(r.path.tradeReturns[0]).toBeCloseTo(e2 - 1, 12)
    expect(r.path.tradeReturns[1]).toBeCloseTo(0.999 * 1.02 * 0.999 - 1, 12)
    expect(r.path.tradeProfits[1]).toBeCloseTo(e2 * (0.999 * 1.02 * 0.999 - 1), 12)
    expect(r.path.tradeProfits[0]! + r.path.tradeProfits[1]!).toBeCloseTo(e5 - 1, 12)
    expect(r.fills.map((f) => [f.openTime / H, f.side, f.positionBefore, f.positionAfter, f.price])).toEqual([
      [0, 'buy', 0, 1, 100], [2, 'sell', 1, 0, 99], [4, 'buy', 0, 1, 100], [5, 'sell', 1, 0, 102],
    ])
    expect(r.fills[1]!.fee).toBeCloseTo(e1 * (99 / 101) * 0.001, 15)
  })

  it('closes at the end of the period: the last bar long is sold at its next close', () => {
    const r = run(bars([[0, 100, 101, -0.005, 0.002, 0.005], [1, 101, 103, -0.005, 0.002, 0.005]]))
    const end = 0.999 * (101 / 100) * (103 / 101) * 0.999 // 1.02794103
    expect(r.path.equity[2]).toBeCloseTo(end, 12)
    expect(r.fills.at(-1)).toMatchObject({ openTime: 2 * H, side: 'sell', positionBefore: 1, positionAfter: 0, price: 103 })
    expect(r.path.tradeReturns).toEqual([expect.closeTo(end - 1, 12)])
  })

  it('a flip from long to short pays 2 · c and splits it between the trade that ends and the one that starts', () => {
    const p = { ...PARAMS, shorts: true, fee: 0.0005, slippage: 0.0005 }
    const r = run(bars([[0, 100, 110, -0.005, 0.002, 0.005], [1, 110, 99, -0.005, -0.002, 0.005]]), p)
    // 0.999 · 1.1 = 1.0989; flip pays 0.002 · 1.0989; short earns +10 %; close pays 0.1 %
    const e1 = 0.999 * 1.1
    const end = e1 * (1 - 0.002) * 1.1 * 0.999
    expect(r.path.equity[2]).toBeCloseTo(end, 12)
    expect(Array.from(r.position)).toEqual([1, -1])
    expect(r.path.turnover).toBe(4)
    expect(r.path.tradeReturns[0]).toBeCloseTo(e1 * 0.999 - 1, 12)
    expect(r.path.tradeProfits.reduce((a, b) => a + b)).toBeCloseTo(end - 1, 12)
  })

  it('h = 3: a bar 3 h after the last keeps the position; the period is 3 h', () => {
    const r = run(bars([[0, 100, 103, -0.005, 0.002, 0.005], [3, 103, 100, -0.005, 0.002, 0.005]]), PARAMS, 3)
    expect(r.fills.map((f) => f.openTime / H)).toEqual([0, 6])
    expect(Array.from(r.path.time, (t) => t / H)).toEqual([1, 4, 7])
  })
})

describe('nothing of bar t + 1 is known at t', () => {
  it('poisoning every later bar (and bar t\'s next close) leaves the positions, fills and equity up to t as they were', () => {
    const n = 60
    const rows: [number, number, number, number, number, number][] = []
    let c = 100
    for (let k = 0; k < n; k++) {
      const next = c * (1 + 0.01 * Math.sin(k * 1.7))
      const w = 0.004 + 0.01 * ((k * 7) % 5) / 4
      rows.push([k, c, next, -w, 0.003 * Math.cos(k * 0.9), w])
      c = next
    }
    for (const params of [{ ...PARAMS, shorts: true }, { ...PARAMS, rule: 'volTarget' as const }]) {
      const clean = run(bars(rows), params)
      for (const t of [5, 20, 41]) {
        const poisoned = rows.map((r, k): typeof r => (k > t ? [r[0], r[1] * 3, r[2] / 3, -0.5, k % 2 ? 0.9 : -0.9, 0.0001] : k === t ? [r[0], r[1], r[2] * 7, r[3], r[4], r[5]] : r))
        const dirty = run(bars(poisoned), params)
        expect(Array.from(dirty.position.subarray(0, t + 1))).toEqual(Array.from(clean.position.subarray(0, t + 1)))
        expect(Array.from(dirty.path.equity.subarray(0, t + 1))).toEqual(Array.from(clean.path.equity.subarray(0, t + 1)))
        const before = (f: { openTime: number }) => f.openTime <= t * H
        expect(dirty.fills.filter(before)).toEqual(clean.fills.filter(before))
      }
      expect(clean.fills.length).toBeGreaterThan(4)
    }
  })
})
