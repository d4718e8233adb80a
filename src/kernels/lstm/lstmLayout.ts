import type { LstmShape } from './types'

/**
 * The forward pass's "reserve": what backward-through-time needs, written once by `lstmForward`
 * and only read afterwards. Time-major (row t·B + b) so that each step's B rows are contiguous for
 * the recurrent GEMM and the weight gradients are single GEMMs over all T·B rows.
 * Planes, one after another:
 *   gates [T × B × 4H]  activated i, f, g (= tanh candidate), o
 *   c     [T × B × H]   cell state
 *   h     [T × B × H]   hidden state (the layer's output, time-major)
 *   tc    [T × B × H]   tanh(c), kept so backward needs no transcendental for it
 */
export interface ReservePlanes {
  gates: number
  c: number
  h: number
  tc: number
  /** Total Float32 elements. */
  length: number
}

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

/**
 * A "lane": a block of consecutive batch rows that runs the whole sequence on its own, forward and
 * backward (rows of an LSTM never meet; only the weight gradients sum over them). The CPU paths
 * split a batch into two lanes so that two threads can run them; the split depends on the batch
 * size alone, and the lanes' weight gradients are summed in lane order, so the numbers are the
 * same whether one thread runs both lanes or two run one each.
 * The CPU reserve is the lanes' reserves one after another, each laid out as `reservePlanes` of
 * its own shape (WebGPU keeps one reserve for the whole batch).
 */
export interface Lane {
  /** First batch row. */
  row: number
  /** The lane's shape: `batch` is its row count. */
  shape: LstmShape
  /** Where its reserve starts in the whole reserve (floats). */
  reserve: number
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

const pool = new Map<string, Float32Array>()

/**
 * A reusable work buffer of exactly `length` floats, contents undefined. Grow-only per name and
 * never returned to callers outside this folder's math: kernels run one at a time on the JS
 * thread, so two calls never hold the same name at once. Saves re-zeroing megabytes per step.
 */
export function scratch(name: string, length: number): Float32Array {
  let buf = pool.get(name)
  if (buf === undefined || buf.length < length) {
    buf = new Float32Array(length)
    pool.set(name, buf)
  }
  return buf.subarray(0, length)
}
