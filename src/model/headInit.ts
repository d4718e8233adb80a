import * as tf from '@tensorflow/tfjs'

/**
 * Where the head starts: the training targets' quantiles at the head's levels (a quantile head), or their mean (a
 * one-value head), in the units the model learns (scaled targets). The first forecasts are then the training
 * split's spread instead of q50 ± softplus(0) = ±0.69, which on raw 1h returns (std ≈ 0.006) was ~90× too wide.
 */
export type HeadInit = { kind: 'quantiles'; values: [number, number, number]; median?: 'zero' } | { kind: 'value'; mean: number }

/** The output layer's kernel is shrunk by this much, so every sample starts close to the training spread. */
export const HEAD_KERNEL_SCALE = 0.01

/** softplus⁻¹(y) = ln(eᵞ − 1), written to keep its digits for small and large y. */
export function softplusInverse(y: number): number {
  if (!(y > 0)) throw new Error(`model: softplus⁻¹ needs a positive spread, got ${y}`)
  return y > 20 ? y : y + Math.log(-Math.expm1(-y))
}

/**
 * Sets the output layer so the head's first outputs are `init` (up to the shrunk kernel's small part): for the
 * quantile head the raw bias is (softplus⁻¹(q50 − q10), q50, softplus⁻¹(q90 − q50)), as `QuantileHead` reads it
 * (q50 taken as 0 when the head pins its median there).
 */
export function initHead(model: tf.LayersModel, init: HeadInit): void {
  const name = init.kind === 'quantiles' ? 'quantile_raw' : 'value'
  const layer = model.getLayer(name)
  const [kernel, bias] = layer.getWeights()
  if (!kernel || !bias) throw new Error(`model: layer ${name} has no kernel and bias`)
  const b = init.kind === 'value'
    ? [init.mean]
    : (() => {
        const [lo, learned, hi] = init.values
        const mid = init.median === 'zero' ? 0 : learned // a pinned median leaves the band's edges where they were
        const gap = (d: number) => softplusInverse(Math.max(d, 1e-6))
        return [gap(mid - lo), mid, gap(hi - mid)]
      })()
  const next = tf.tidy(() => [tf.mul(kernel, HEAD_KERNEL_SCALE), tf.tensor1d(b)])
  layer.setWeights(next)
  tf.dispose(next)
}
