/**
 * The p-quantile of ascending `sorted` values, interpolating linearly between order statistics: position
 * p·(n − 1), NumPy's and pandas' default, so figures can be checked there. NaN for no values.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const pos = p * (n - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

/** Finite values of `values`, sorted ascending, as a new array. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  const out: number[] = []
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out.push(values[i]!)
  return Float64Array.from(out).sort()
}
