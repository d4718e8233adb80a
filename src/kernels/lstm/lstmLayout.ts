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

/** Lanes a batch splits into unless the run says otherwise: enough for 8 threads at batch 128 and more. */
export const DEFAULT_LANES = 8
/** Most lanes a run may ask for (the helper threads' job blocks are sized for it). */
export const MAX_LANES = 64
/**
 * Fewest rows a lane gets: each lane adds its own weight-gradient sums at every timestep, a sweep over the
 * D·4H + H·4H + 4H gradient floats whatever its rows, so lanes of 4 rows made a one-thread step at batch 32
 * markedly slower (`npm run bench -- lanes`) where lanes of 16 do as much work per sweep as the two lanes always did.
 */
export const MIN_LANE_ROWS = 16

let laneCount = DEFAULT_LANES

/**
 * Sets the lanes every fused LSTM call splits its batches into (the run configuration's `train.lanes`). The
 * lanes fix the numbers (each lane's weight gradients are summed in lane order), whatever threads run them.
 */
export function setLstmLanes(lanes: number): void {
  if (!Number.isInteger(lanes) || lanes < 1 || lanes > MAX_LANES) throw new Error(`fusedLstm: lanes must be an integer from 1 to ${MAX_LANES}, got ${lanes}`)
  laneCount = lanes
}

export function lstmLanes(): number {
  return laneCount
}

/**
 * The lanes of a batch: `lanes` of them where every lane gets at least MIN_LANE_ROWS rows, else as many as do
 * (one under 32 rows). Rows go in blocks of 4, the first lanes taking one block more where they do not divide
 * evenly, the last lane also taking the 1–3 rows left over. Two lanes of 32 rows or more split as the studio
 * always did.
 */
export function lanesOf(s: LstmShape, lanes = laneCount): Lane[] {
  const n = Math.max(1, Math.min(lanes, Math.floor(s.batch / MIN_LANE_ROWS)))
  let reserve = 0
  return evenSplit(Math.floor(s.batch / 4), n).map(([quad, quads], i) => {
    const row = 4 * quad
    const shape = { ...s, batch: i === n - 1 ? s.batch - row : 4 * quads }
    const lane = { row, shape, reserve }
    reserve += reserveLength(shape)
    return lane
  })
}

/** [first, count] parts of `count` items in `parts` runs, as even as may be: the first ones one larger where they do not divide. */
export function evenSplit(count: number, parts: number): [number, number][] {
  const out: [number, number][] = []
  for (let i = 0, first = 0; i < parts; i++) {
    const n = Math.floor(count / parts) + (i < count % parts ? 1 : 0)
    out.push([first, n])
    first += n
  }
  return out
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
