import { describe, expect, it } from 'vitest'
import { EarlyStopping, ReduceLROnPlateau } from './callbacks'

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without improvement and remembers the best epoch', () => {
    const es = new EarlyStopping(3)
    const losses = [1.0, 0.8, 0.9, 0.85, 0.81, 0.95]
    const out = losses.map((l, e) => es.update(e, l))
    expect(out.map((o) => o.improved)).toEqual([true, true, false, false, false, false])
    expect(out.map((o) => o.stop)).toEqual([false, false, false, false, true, true])
    expect(es.bestEpoch).toBe(1)
    expect(es.best).toBe(0.8)
  })
  it('resets its patience on a new best', () => {
    const es = new EarlyStopping(2)
    expect([1, 2, 0.5, 0.6, 0.7].map((l, e) => es.update(e, l).stop)).toEqual([false, false, false, false, true])
  })
  it('uses a relative threshold of 1e-4', () => {
    const es = new EarlyStopping(5)
    es.update(0, 2e-3)
    expect(es.update(1, 2e-3 * (1 - 2e-4)).improved).toBe(true)
    expect(es.update(2, 2e-3 * (1 - 2e-4) * (1 - 5e-5)).improved).toBe(false)
  })
  it('ignores NaN (never an improvement)', () => {
    const es = new EarlyStopping(1)
    es.update(0, 1)
    expect(es.update(1, NaN)).toEqual({ improved: false, stop: true })
  })
})

describe('ReduceLROnPlateau', () => {
  it('halves the rate after `patience` flat epochs, waits again, and never goes below the floor', () => {
    const p = new ReduceLROnPlateau(0.5, 2, 2e-4)
    let lr = 1e-3
    const rates: number[] = []
    // epoch 0 improves; 1, 2 flat → halve at 2; 3, 4 flat → halve at 4; 5, 6 flat → floor 2e-4 at 6
    for (const loss of [1, 1, 1, 1, 1, 1, 1, 1, 1]) rates.push((lr = p.update(loss, lr)))
    expect(rates).toEqual([1e-3, 1e-3, 5e-4, 5e-4, 2.5e-4, 2.5e-4, 2e-4, 2e-4, 2e-4])
  })
  it('counts only improvements larger than 1e-4 of the best loss (relative, as PyTorch)', () => {
    const p = new ReduceLROnPlateau(0.5, 1, 1e-5)
    expect(p.update(1, 1e-3)).toBe(1e-3)
    expect(p.update(0.99995, 1e-3)).toBe(5e-4) // better by 5e-5 of 1 < 1e-4: a plateau
    expect(p.update(0.5, 5e-4)).toBe(5e-4)
  })
  it('sees improvements of a small loss that an absolute 1e-4 would call flat', () => {
    // A pinball loss of raw returns is ~1.6e-3: 1.6e-3 → 1.5e-3 is 6 % better, under an absolute 1e-4 delta.
    const p = new ReduceLROnPlateau(0.5, 1, 1e-5)
    p.update(1.6e-3, 1e-3)
    expect(p.update(1.55e-3, 1e-3)).toBe(1e-3)
    expect(p.update(1.5499e-3, 1e-3)).toBe(5e-4) // 1.5499/1.55 − 1 = −6.5e-5: flat, so the rate halves
    const q = new ReduceLROnPlateau(0.5, 1, 1e-5)
    q.update(3.5e-5, 1e-3)
    expect(q.update(3.4e-5, 1e-3)).toBe(1e-3) // an MSE of 3.5e-5 improving by 3 %: counts
  })
})
