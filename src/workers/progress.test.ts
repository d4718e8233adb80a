import { describe, expect, it } from 'vitest'
import type { BatchLog } from '../train/fit'
import { progressBundler, throttledYield } from './progress'

const log = (batch: number, batches = 10): BatchLog => ({ epoch: 0, batch, batches, loss: batch / 10, samplesPerSec: 1 })

describe('progressBundler', () => {
  it('sends the first batch at once, then at most one bundle per interval, and an epoch\'s last batch at once', () => {
    let t = 0
    const sent: number[][] = []
    const p = progressBundler((logs) => sent.push(logs.map((l) => l.batch)), 100, () => t)
    for (let b = 1; b <= 10; b++) {
      p.add(log(b))
      t += 30 // a batch every 30 ms: batch 1 goes at t 0, 2–5 at t 120, 6–9 at t 240, 10 (the epoch's last) at t 270
    }
    expect(sent).toEqual([[1], [2, 3, 4, 5], [6, 7, 8, 9], [10]])
    expect(sent.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('flush sends what is held, once', () => {
    const sent: number[][] = []
    const p = progressBundler((logs) => sent.push(logs.map((l) => l.batch)), 100, () => 0)
    p.add(log(1))
    p.add(log(2))
    p.flush()
    p.flush()
    expect(sent).toEqual([[1], [2]])
  })
})

describe('throttledYield', () => {
  it('yields on the first call and then once the interval has passed', async () => {
    let t = 0, yields = 0
    const gate = throttledYield(async () => { yields++ }, 50, () => t)
    for (let i = 0; i < 10; i++) {
      await gate()
      t += 20 // calls at 0, 20, 40, 60 (yield), 80, 100, 120 (yield), …
    }
    expect(yields).toBe(4) // at t 0, 60, 120, 180
  })
})
