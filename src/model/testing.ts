import * as tf from '@tensorflow/tfjs'
import { seededRng } from '../util/rng'
import { FusedLSTM } from './fusedLstm'
import type { LstmGrads, LstmShape } from './types'

/** Which LSTM implementation a test or benchmark model uses. */
export type LstmKind = 'stock' | 'fused'

/** A layer of either kind with identical math: sigmoid gates, Keras initializers, unit forget bias. */
export function lstmOf(kind: LstmKind, units: number, returnSequences: boolean, name?: string): tf.layers.Layer {
  const args = { units, returnSequences, recurrentActivation: 'sigmoid' as const, unitForgetBias: true, kernelInitializer: 'glorotUniform' as const, name }
  return kind === 'fused' ? new FusedLSTM(args) : tf.layers.lstm(args)
}

/**
 * The seed model's shape, scaled by the arguments: [time, features] → LSTM(units1, sequences) →
 * LSTM(units2) → Dense(1). Weights are drawn from `seed` the same way for both kinds, so a stock
 * and a fused model built with the same arguments start from identical weights.
 * The caller owns the model (`model.dispose()`).
 */
export function twoLstmModel(
  kind: LstmKind, time: number, features: number, units1: number, units2: number, seed: number,
): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.inputLayer({ inputShape: [time, features] }),
      lstmOf(kind, units1, true),
      lstmOf(kind, units2, false),
      tf.layers.dense({ units: 1 }),
    ],
  })
  setRandomWeights(model.layers, seed)
  return model
}

/** Overwrites every weight of the layers with N(0, 0.3²) values from a seeded stream. */
export function setRandomWeights(layers: tf.layers.Layer[], seed: number): void {
  let s = seed
  for (const layer of layers) {
    const values = tf.tidy(() => layer.getWeights().map((w) => tf.randomNormal(w.shape, 0, 0.3, 'float32', s++)))
    layer.setWeights(values)
    tf.dispose(values)
  }
}

/** max |a − b| / max |b|: error relative to the scale of the reference tensor. */
export function relError(actual: tf.Tensor, expected: tf.Tensor): number {
  if (actual.shape.join() !== expected.shape.join()) {
    throw new Error(`relError: shapes differ, [${actual.shape}] vs [${expected.shape}]`)
  }
  return relErrorOf(actual.dataSync(), expected.dataSync())
}

/** max |a − b| / max |b| over arrays (max |a − b| where b is all zeros). */
export function relErrorOf(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0, scale = 0
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!))
    scale = Math.max(scale, Math.abs(expected[i]!))
  }
  return scale === 0 ? diff : diff / scale
}

/**
 * Output and the gradients of Σ(output · dy) with respect to x and each of the layer's weights
 * (kernel, recurrent_kernel, bias order). The caller disposes every returned tensor.
 */
export function outputAndGrads(layer: tf.layers.Layer, x: tf.Tensor, dy: tf.Tensor): tf.Tensor[] {
  const y = layer.apply(x) as tf.Tensor
  const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable)
  const f = (...inputs: tf.Tensor[]) => tf.sum(tf.mul(layer.apply(inputs[0]!) as tf.Tensor, dy))
  // tf.grads differentiates with respect to x only; the weights come from variableGrads.
  const dx = tf.grad((xs: tf.Tensor) => f(xs))(x)
  const { value, grads } = tf.variableGrads(() => f(x) as tf.Scalar, weights)
  value.dispose()
  return [y, dx, ...weights.map((w) => grads[w.name]!)]
}

/** `n` seeded floats, uniform in [−1, 1). */
export function randomFloats(n: number, seed: number): Float32Array {
  const r = seededRng(seed)
  return Float32Array.from({ length: n }, () => r() * 2 - 1)
}

/** Zeroed gradient buffers for a layer shape, dx included. */
export function emptyGrads(s: LstmShape): LstmGrads {
  return {
    dx: new Float32Array(s.batch * s.time * s.inputDim),
    dKernel: new Float32Array(s.inputDim * 4 * s.units),
    dRecurrentKernel: new Float32Array(s.units * 4 * s.units),
    dBias: new Float32Array(4 * s.units),
  }
}
