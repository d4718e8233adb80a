import type { SampleIndex, StreamMatrix } from './types'

/**
 * Gathers windows on demand: sample k's window is the `window` rows ending at `ends[picks[k]]`, which sit
 * contiguously in the row-major matrix, so each is one copy. Returns Float32Array [picks × window × features];
 * pass `out` to reuse a batch buffer.
 */
export function gatherWindows(m: StreamMatrix, ends: Int32Array, picks: ArrayLike<number>, window: number, out?: Float32Array): Float32Array {
  const f = m.features
  const size = window * f
  const buf = out ?? new Float32Array(picks.length * size)
  if (buf.length < picks.length * size) throw new Error(`features: batch buffer holds ${buf.length} values, needs ${picks.length * size}`)
  for (let k = 0; k < picks.length; k++) copyWindow(m, ends[picks[k]!]!, window, buf, k * size)
  return buf
}

/** Copies the `window` rows ending at row `end` into `out` at `at`: rows sit contiguously, so it is one copy. */
export function copyWindow(m: StreamMatrix, end: number, window: number, out: Float32Array, at: number): void {
  const lo = (end - window + 1) * m.features
  if (lo < 0 || end >= m.rows) throw new Error(`features: window ending at row ${end} is outside the ${m.rows}-row matrix`)
  out.set(m.data.subarray(lo, (end + 1) * m.features), at)
}

/** The first `n` samples of a split's index (all of them when it has fewer): a shorter split over the same windows. */
export function firstSamples(s: SampleIndex, n: number): SampleIndex {
  return { end1h: s.end1h.slice(0, n), end15m: s.end15m.slice(0, n), target: s.target.slice(0, n), close: s.close.slice(0, n), scale: s.scale.slice(0, n) }
}
