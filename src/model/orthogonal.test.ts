import { describe, expect, it } from 'vitest'
import { seededRng } from '../util/rng'
import { orthogonal } from './orthogonal'

function gram(m: Float32Array, rows: number, cols: number, byRows: boolean): number[][] {
  const k = byRows ? rows : cols
  const n = byRows ? cols : rows
  const at = (v: number, i: number) => (byRows ? m[v * cols + i]! : m[i * cols + v]!)
  return Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => {
    let s = 0
    for (let i = 0; i < n; i++) s += at(a, i) * at(b, i)
    return s
  }))
}

describe('orthogonal', () => {
  it('has orthonormal rows when wide (an LSTM recurrent kernel, units × 4·units)', () => {
    const m = orthogonal(16, 64, seededRng(1))
    gram(m, 16, 64, true).forEach((row, a) => row.forEach((v, b) => expect(v).toBeCloseTo(a === b ? 1 : 0, 5)))
  })
  it('has orthonormal columns when tall, scaled by the gain', () => {
    const m = orthogonal(40, 8, seededRng(2), 2)
    gram(m, 40, 8, false).forEach((row, a) => row.forEach((v, b) => expect(v).toBeCloseTo(a === b ? 4 : 0, 4)))
  })
  it('repeats for a seed', () => {
    expect(orthogonal(4, 16, seededRng(3))).toEqual(orthogonal(4, 16, seededRng(3)))
  })
})
