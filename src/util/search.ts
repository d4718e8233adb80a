/** First index in ascending `a` whose value is ≥ `x` (a.length when none): binary search. */
export function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0, hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
