import type * as tf from '@tensorflow/tfjs'
import { withLstmClass } from './lstmSerialization'

/** The JSON half of a saved model plus its weights in one buffer: what files and IndexedDB hold. */
export interface ModelArtifactsData {
  /** Layers-format topology (`class_name: 'Model'`, Keras-style snake_case config). */
  modelTopology: object
  weightSpecs: tf.io.WeightsManifestEntry[]
  weightData: ArrayBuffer
}

/**
 * Saved models speak stock Keras where they can: FusedLSTM is saved as `LSTM` (same config and weights) and
 * SeededDropout as `Dropout` (rate and seed; inference ignores both), so stock tfjs and the Keras converter
 * read them. Only the parameter-free QuantileHead stays a custom class. `fromPortable` maps them back.
 */
export function toPortable(a: ModelArtifactsData): ModelArtifactsData {
  const lstm = withLstmClass(a as tf.io.ModelArtifacts, 'LSTM')
  return { ...a, modelTopology: renameClass(lstm.modelTopology as object, 'SeededDropout', 'Dropout') }
}

/** Back to the studio's layers: LSTM → FusedLSTM when `lstm` is 'fused' (and the layer allows it), Dropout → SeededDropout. */
export function fromPortable(a: ModelArtifactsData, lstm: 'fused' | 'stock'): ModelArtifactsData {
  const topology = renameClass(a.modelTopology, 'Dropout', 'SeededDropout')
  return lstm === 'fused' ? (withLstmClass({ ...a, modelTopology: topology } as tf.io.ModelArtifacts, 'FusedLSTM') as unknown as ModelArtifactsData) : { ...a, modelTopology: topology }
}

function renameClass(topology: object, from: string, to: string): object {
  const copy = JSON.parse(JSON.stringify(topology)) as unknown
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (node === null || typeof node !== 'object') return
    const obj = node as Record<string, unknown>
    if (obj['class_name'] === from) obj['class_name'] = to
    Object.values(obj).forEach(walk)
  }
  walk(copy)
  return copy as object
}
