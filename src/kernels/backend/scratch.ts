const pool = new Map<string, Float32Array>()

/**
 * A reusable work buffer of exactly `length` floats, contents undefined. Grow-only per name and never returned
 * to callers outside the kernels' math: kernels run one at a time on the JS thread, so two calls never hold the
 * same name at once. Saves re-zeroing megabytes per step (the LSTM's transposes, the conv gradients' products).
 */
export function scratch(name: string, length: number): Float32Array {
  let buf = pool.get(name)
  if (buf === undefined || buf.length < length) {
    buf = new Float32Array(length)
    pool.set(name, buf)
  }
  return buf.subarray(0, length)
}
