import type { ModelArtifactsData } from '../model/portable'
import { readSafetensors } from './safetensors'
import { fromTorchStateDict } from './torchWeights'

/** The tfjs Layers format on disk: model.json names its weight files, here always one. */
export const MODEL_JSON = 'model.json'
export const WEIGHTS_BIN = 'weights.bin'

/** model.json's text and the weights file's bytes: what `tf.loadLayersModel` and the Keras converter read. */
export function toModelFiles(a: ModelArtifactsData): { modelJson: string; weights: ArrayBuffer } {
  const json = {
    format: 'layers-model',
    generatedBy: 'crypto-forecast-studio (TensorFlow.js 4.22)',
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: a.weightSpecs }],
  }
  return { modelJson: JSON.stringify(json), weights: a.weightData }
}

export interface ModelJson {
  modelTopology: object
  weightsManifest: { paths: string[]; weights: ModelArtifactsData['weightSpecs'] }[]
}

/** A parsed JSON file is a tfjs Layers model.json when it has a topology and a weights manifest. */
export function isModelJson(json: unknown): json is ModelJson {
  const j = json as Partial<ModelJson> | null
  return !!j && typeof j === 'object' && typeof j.modelTopology === 'object' && j.modelTopology !== null && Array.isArray(j.weightsManifest)
}

/**
 * model.json plus the weight files it names, as the user picked them, back into artifacts. A browser that
 * renamed a second download (`weights (1).bin`) is forgiven when only one weights file is needed and picked.
 * Says which file is missing and when the bytes do not match what the manifest declares.
 */
export function fromModelFiles(json: ModelJson, bins: ReadonlyMap<string, ArrayBuffer>): ModelArtifactsData {
  const paths = json.weightsManifest.flatMap((g) => g.paths.map((p) => p.split('/').pop()!))
  const parts = paths.map((name) => {
    const bytes = bins.get(name) ?? (paths.length === 1 && bins.size === 1 ? [...bins.values()][0] : undefined)
    if (!bytes) throw new Error(`load: ${MODEL_JSON} needs the weights file ${name}; pick it together with ${MODEL_JSON}`)
    return bytes
  })
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights)
  const total = parts.reduce((n, p) => n + p.byteLength, 0)
  const expected = weightSpecs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * bytesPer(w.dtype), 0)
  if (total !== expected) throw new Error(`load: the weights files hold ${total} bytes but ${MODEL_JSON} declares ${expected}; they are not from the same model`)
  const weightData = new Uint8Array(total)
  let at = 0
  for (const p of parts) (weightData.set(new Uint8Array(p), at), (at += p.byteLength))
  return { modelTopology: json.modelTopology as object, weightSpecs, weightData: weightData.buffer }
}

function bytesPer(dtype: string): number {
  if (dtype === 'float32' || dtype === 'int32') return 4
  if (dtype === 'bool') return 1
  throw new Error(`load: weights of type ${dtype} are not supported; the studio saves float32`)
}

/**
 * model.json plus a safetensors file of model.py's state_dict (what the PyTorch folder's train.py writes) back into
 * artifacts: the topology and weight list from model.json, the values from PyTorch, put back in the studio's layouts.
 */
export function fromSafetensorsFile(json: ModelJson, bytes: ArrayBuffer, fileName: string): { artifacts: ModelArtifactsData; metadata: Record<string, string> } {
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights).map((w) => ({ ...w, dtype: 'float32' as const }))
  const { tensors, metadata } = readSafetensors(new Uint8Array(bytes), fileName)
  return { artifacts: { modelTopology: json.modelTopology as object, weightSpecs, weightData: fromTorchStateDict(weightSpecs, tensors, fileName) }, metadata }
}
