import * as tf from '@tensorflow/tfjs'
import { FusedLSTM } from './fusedLstm'
import { QuantileHead, SeededDropout } from './layers'
import { orthogonal } from './orthogonal'
import type { LayerRow, ModelConfig, ModelInputs } from './types'
import { seededRng, type Rng } from '../util/rng'

/**
 * The dual-stream network. Every initializer and dropout mask is seeded from `seed`, so the same config,
 * data and backend train to the same weights. The caller owns (and disposes) the model.
 */
export function buildModel(cfg: ModelConfig, io: ModelInputs, seed: number): tf.LayersModel {
  let s = seed
  const next = () => s++
  const glorot = () => tf.initializers.glorotUniform({ seed: next() })
  // fedByInput: the layer reads a model input, whose gradient training never needs (see FusedLSTMArgs).
  const lstm = (units: number, returnSequences: boolean, name: string, fedByInput: boolean) => {
    const args: tf.LSTMLayerArgs = {
      units, returnSequences, name,
      // Keras's defaults, which tfjs does not share: sigmoid gates, Glorot-uniform kernel, forget bias 1.
      // The orthogonal recurrent kernel is set after building (see orthogonalize).
      recurrentActivation: 'sigmoid', kernelInitializer: glorot(), recurrentInitializer: 'zeros',
      unitForgetBias: true,
    }
    return cfg.lstm === 'fused' ? new FusedLSTM({ ...args, inputGradient: !fedByInput }) : tf.layers.lstm(args)
  }
  const dropout = (name: string) => new SeededDropout({ rate: cfg.dropout, seed: next() * 1000, name })

  const h1In = tf.input({ shape: [io.window, io.h1Features], name: 'h1' })
  let a: tf.SymbolicTensor = h1In
  cfg.h1Lstm.forEach((u, i) => (a = lstm(u, i < cfg.h1Lstm.length - 1, `h1_lstm${i + 1}`, i === 0).apply(a) as tf.SymbolicTensor))
  a = dropout('h1_dropout').apply(a) as tf.SymbolicTensor

  const m15In = tf.input({ shape: [io.window, io.m15Features], name: 'm15' })
  let b: tf.SymbolicTensor = m15In
  cfg.m15Conv.forEach((f, i) => (b = tf.layers.conv1d({ filters: f, kernelSize: cfg.convKernel, activation: 'relu', kernelInitializer: glorot(), name: `m15_conv${i + 1}` }).apply(b) as tf.SymbolicTensor))
  cfg.m15Lstm.forEach((u, i) => (b = lstm(u, i < cfg.m15Lstm.length - 1, `m15_lstm${i + 1}`, i === 0 && cfg.m15Conv.length === 0).apply(b) as tf.SymbolicTensor))
  b = dropout('m15_dropout').apply(b) as tf.SymbolicTensor

  let x = tf.layers.concatenate({ name: 'concat' }).apply([a, b]) as tf.SymbolicTensor
  cfg.dense.forEach((u, i) => {
    x = tf.layers.dense({ units: u, activation: 'relu', kernelInitializer: glorot(), name: `dense${i + 1}` }).apply(x) as tf.SymbolicTensor
    x = dropout(`dense${i + 1}_dropout`).apply(x) as tf.SymbolicTensor
  })
  let out: tf.SymbolicTensor
  if (cfg.head.kind === 'quantiles') {
    x = tf.layers.dense({ units: 3, kernelInitializer: glorot(), name: 'quantile_raw' }).apply(x) as tf.SymbolicTensor
    out = new QuantileHead({ name: 'quantiles', median: cfg.head.median ?? 'learned' }).apply(x) as tf.SymbolicTensor
  } else {
    out = tf.layers.dense({ units: 1, kernelInitializer: glorot(), name: 'value' }).apply(x) as tf.SymbolicTensor
  }
  const model = tf.model({ inputs: [h1In, m15In], outputs: out, name: 'dual_stream' })
  orthogonalize(model, seededRng(next()))
  return model
}

/** Keras's orthogonal recurrent kernels, drawn in JS: tfjs's initializer took seconds per layer on the CPU. */
function orthogonalize(model: tf.LayersModel, rng: Rng): void {
  for (const layer of model.layers) {
    if (!/lstm/i.test(layer.getClassName())) continue
    const recurrent = layer.weights.find((w) => w.originalName.endsWith('recurrent_kernel'))!
    const [units, gates] = recurrent.shape as [number, number]
    const r = tf.tensor2d(orthogonal(units, gates, rng), [units, gates])
    recurrent.write(r) // the variable copies r
    r.dispose()
  }
}

/** The built model's summary, as tfjs reports it; `summarizeConfig` must agree. */
export function summarize(model: tf.LayersModel): { rows: LayerRow[]; total: number } {
  const rows = model.layers.map((l) => ({
    name: l.name,
    type: l.getClassName(),
    outputShape: JSON.stringify(l.outputShape).replace(/,/g, ', '),
    params: l.countParams(),
  }))
  return { rows, total: rows.reduce((n, r) => n + r.params, 0) }
}
