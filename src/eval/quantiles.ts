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

/** Wilson score interval for `hits` successes in `n` trials at ~95 % (z = 1.959964); [0, 1] for no trials. */
export function wilsonInterval(hits: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1]
  const p = hits / n
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return [Math.max(0, centre - half), Math.min(1, centre + half)]
}
