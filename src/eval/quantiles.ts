/** Wilson score interval for `hits` successes in `n` trials at ~95 % (z = 1.959964); [0, 1] for no trials. */
export function wilsonInterval(hits: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1]
  const p = hits / n
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return [Math.max(0, centre - half), Math.min(1, centre + half)]
}
