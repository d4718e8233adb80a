import * as tf from '@tensorflow/tfjs'
import { FusedLSTM } from './fusedLstm'

// Stock and fused LSTM models with the same weights, to compare the two: tests, the e2e lstm-check fixture and
// scripts/bench-lstm.ts use them; nothing the page runs does.

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
