import type { LayerRow, ModelConfig, ModelInputs } from './types'

const shape = (...dims: number[]) => `[null, ${dims.join(', ')}]`

/**
 * The summary of the network `buildModel` makes, worked out from the config alone, so the page can show it
 * without loading TensorFlow.js. A test checks it against the built model, layer by layer.
 */
export function summarizeConfig(cfg: ModelConfig, io: ModelInputs): { rows: LayerRow[]; total: number } {
  const rows: LayerRow[] = []
  const add = (name: string, type: string, out: string, params = 0) => rows.push({ name, type, outputShape: out, params })
  const lstmType = cfg.lstm === 'fused' ? 'FusedLSTM' : 'LSTM'
  const lstmParams = (inputs: number, units: number) => 4 * units * (inputs + units + 1)

  add('h1', 'InputLayer', shape(io.window, io.h1Features))
  let width = io.h1Features
  cfg.h1Lstm.forEach((u, i) => {
    const last = i === cfg.h1Lstm.length - 1
    add(`h1_lstm${i + 1}`, lstmType, last ? shape(u) : shape(io.window, u), lstmParams(width, u))
    width = u
  })
  const h1Out = width
  add('h1_dropout', 'SeededDropout', shape(h1Out))

  add('m15', 'InputLayer', shape(io.window, io.m15Features))
  let steps = io.window
  width = io.m15Features
  cfg.m15Conv.forEach((f, i) => {
    steps -= cfg.convKernel - 1
    add(`m15_conv${i + 1}`, 'Conv1D', shape(steps, f), cfg.convKernel * width * f + f)
    width = f
  })
  cfg.m15Lstm.forEach((u, i) => {
    const last = i === cfg.m15Lstm.length - 1
    add(`m15_lstm${i + 1}`, lstmType, last ? shape(u) : shape(steps, u), lstmParams(width, u))
    width = u
  })
  add('m15_dropout', 'SeededDropout', shape(width))

  width += h1Out
  add('concat', 'Concatenate', shape(width))
  cfg.dense.forEach((u, i) => {
    add(`dense${i + 1}`, 'Dense', shape(u), width * u + u)
    add(`dense${i + 1}_dropout`, 'SeededDropout', shape(u))
    width = u
  })
  if (cfg.head.kind === 'quantiles') {
    add('quantile_raw', 'Dense', shape(3), width * 3 + 3)
    add('quantiles', 'QuantileHead', shape(3))
  } else add('value', 'Dense', shape(1), width + 1)
  return { rows, total: rows.reduce((n, r) => n + r.params, 0) }
}
