import type * as tf from '@tensorflow/tfjs'

/**
 * Saved models move between FusedLSTM and the stock LSTM by class name alone: the fused layer's
 * config (snake_case in the saved JSON) and weight names are the stock layer's. So a model
 * trained with FusedLSTM can be exported for stock tfjs or Keras (`to: 'LSTM'`), and a stock
 * model with sigmoid gates can be loaded to train fast (`to: 'FusedLSTM'`).
 *
 * Returns new artifacts with a rewritten copy of the topology (nested models included); the
 * weight data is shared, not copied. Stock layers the fused kernels cannot run (hard sigmoid,
 * dropout, state options) keep class 'LSTM' and train the slow way.
 */
export function withLstmClass(artifacts: tf.io.ModelArtifacts, to: 'LSTM' | 'FusedLSTM'): tf.io.ModelArtifacts {
  if (artifacts.modelTopology == null || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('lstmSerialization: artifacts have no JSON model topology; save with model.save first')
  }
  const from = to === 'LSTM' ? 'FusedLSTM' : 'LSTM'
  const topology = JSON.parse(JSON.stringify(artifacts.modelTopology)) as unknown
  rename(topology, from, to)
  return { ...artifacts, modelTopology: topology as tf.io.ModelArtifacts['modelTopology'] }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

function rename(node: unknown, from: string, to: string): void {
  if (Array.isArray(node)) {
    for (const item of node) rename(item, from, to)
    return
  }
  if (node === null || typeof node !== 'object') return
  const obj = node as { [key: string]: Json }
  if (obj['class_name'] === from && (to === 'LSTM' || fusable(obj['config']))) obj['class_name'] = to
  for (const value of Object.values(obj)) rename(value, from, to)
}

/** What FusedLSTM's constructor accepts (see refuseUnsupported in fusedLstm.ts), in saved-JSON keys. */
function fusable(config: Json | undefined): boolean {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return false
  const is = (key: string, value: Json, fallback: Json) => (config[key] ?? fallback) === value
  return is('activation', 'tanh', 'tanh') && is('recurrent_activation', 'sigmoid', 'hard_sigmoid') &&
    is('use_bias', true, true) && is('dropout', 0, 0) && is('recurrent_dropout', 0, 0) &&
    is('return_state', false, false) && is('go_backwards', false, false) && is('stateful', false, false) &&
    is('unroll', false, false)
}
