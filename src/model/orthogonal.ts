import type { Rng } from '../util/rng'

/**
 * A random matrix [rows × cols] (row-major) with orthonormal rows or columns, whichever are fewer — Keras's
 * `Orthogonal` initializer (QR of a standard normal matrix, signs fixed so R has a positive diagonal), by
 * Gram–Schmidt in plain JS: tfjs's own goes through tf.linalg.qr and took seconds per LSTM on the CPU backend.
 */
export function orthogonal(rows: number, cols: number, rng: Rng, gain = 1): Float32Array {
  const tall = rows >= cols
  const [n, k] = tall ? [rows, cols] : [cols, rows] // k orthonormal vectors of length n
  const q = new Float64Array(n * k) // column j at q[j*n .. j*n+n)
  for (let j = 0; j < k; j++) {
    const v = q.subarray(j * n, j * n + n)
    for (let i = 0; i < n; i++) v[i] = normal(rng)
    // Modified Gram–Schmidt, twice for orthogonality to float precision.
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        const u = q.subarray(p * n, p * n + n)
        let dot = 0
        for (let i = 0; i < n; i++) dot += u[i]! * v[i]!
        for (let i = 0; i < n; i++) v[i]! -= dot * u[i]!
      }
    }
    let norm = 0
    for (let i = 0; i < n; i++) norm += v[i]! * v[i]!
    norm = Math.sqrt(norm)
    for (let i = 0; i < n; i++) v[i]! /= norm
  }
  const out = new Float32Array(rows * cols)
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) {
      const val = gain * q[j * n + i]!
      // tall: vector j is column j; wide: vector j is row j
      if (tall) out[i * cols + j] = val
      else out[j * cols + i] = val
    }
  }
  return out
}

/** Standard normal by Box–Muller. */
function normal(rng: Rng): number {
  const u = 1 - rng()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng())
}
