import type { Lane, LstmShape, ReservePlanes } from './types'

export function reservePlanes(s: LstmShape): ReservePlanes {
  const rows = s.time * s.batch
  const g = rows * 4 * s.units
  const h = rows * s.units
  return { gates: 0, c: g, h: g + h, tc: g + 2 * h, length: g + 3 * h }
}

/** Length of the reserve tensor for a shape, in float32 elements. */
export function reserveLength(s: LstmShape): number {
  return reservePlanes(s).length
}

/** Below this many rows a batch is one lane: halves of 1–3 rows would not fill a 4-row SIMD block. */
export const MIN_SPLIT_BATCH = 8

/** The lanes of a batch: one under MIN_SPLIT_BATCH rows, else two, the first a multiple of 4 rows near half. */
export function lanesOf(s: LstmShape): Lane[] {
  if (s.batch < MIN_SPLIT_BATCH) return [{ row: 0, shape: s, reserve: 0 }]
  const first = 4 * Math.max(1, Math.round(s.batch / 8))
  const a = { ...s, batch: first }, b = { ...s, batch: s.batch - first }
  return [{ row: 0, shape: a, reserve: 0 }, { row: first, shape: b, reserve: reserveLength(a) }]
}

export function assertShape(s: LstmShape): void {
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`fusedLstm: ${k} must be a positive integer, got ${v}`)
  }
}

/** [B × T × F] → [T × B × F] into `dst`. Element loops, not `set(subarray)`: rows are short and a view per row is garbage. */
export function toTimeMajor(src: Float32Array, dst: Float32Array, batch: number, time: number, features: number): void {
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < time; t++) {
      const from = (b * time + t) * features
      const to = (t * batch + b) * features
      for (let f = 0; f < features; f++) dst[to + f] = src[from + f]!
    }
  }
}

/** [T × B × F] (starting at `srcOff`) → [B × T × F] into `dst`. */
export function toBatchMajor(
  src: Float32Array, srcOff: number, dst: Float32Array, batch: number, time: number, features: number,
): void {
  for (let t = 0; t < time; t++) {
    for (let b = 0; b < batch; b++) {
      const from = srcOff + (t * batch + b) * features
      const to = (b * time + t) * features
      for (let f = 0; f < features; f++) dst[to + f] = src[from + f]!
    }
  }
}

/** [rows × cols] → [cols × rows], written from `off` in `out`. */
export function transpose(m: Float32Array, rows: number, cols: number, out: Float32Array, off: number): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[off + j * rows + i] = m[i * cols + j]!
  }
}
