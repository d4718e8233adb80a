import * as tf from '@tensorflow/tfjs'
import type { FusedAdam } from '../kernels/adam/fusedAdam'
import { SeededDropout } from '../model/layers'
import type { EarlyState, PlateauState } from './callbacks'

/** One epoch's figures, as the Train cell's table and the run record show them. */
export interface EpochLog {
  epoch: number
  loss: number
  valLoss: number
  /** Learning rate used during this epoch. */
  lr: number
  ms: number
  /** tf.memory().numTensors after the epoch: flat when nothing leaks. */
  numTensors: number
  /** Where the epoch's `ms` went (absent in runs saved before it was measured). */
  times?: EpochTimes
}

/** An epoch's wall time by part (ms); what none of them covers is the loop's own bookkeeping. */
export interface EpochTimes {
  /** Copying the batches' windows out of the matrices into tensors. */
  gather: number
  /** The training steps: forward, backward and Adam, up to the loss read back. */
  step: number
  /** The validation split's loss. */
  validation: number
  /** onBatch and gate between batches: progress messages, Pause and Stop getting in. */
  messaging: number
  /** Keeping the best weights and onState (the checkpoint). */
  checkpoint: number
}

/** A tensor's numbers and shape, in plain arrays: what IndexedDB and postMessage can carry. */
export interface SavedTensor {
  name: string
  shape: number[]
  dtype: 'float32' | 'int32'
  values: Float32Array | Int32Array
}

/**
 * Everything a run needs to go on exactly where it stopped, taken after every epoch: continuing from it gives
 * the same weights as never stopping (fit.test.ts). Plain data, so it survives IndexedDB and a worker's message.
 */
export interface FitState {
  /** Epochs finished: the next epoch to run. */
  epoch: number
  /** Learning rate for the next epoch (ReduceLROnPlateau's verdict applied). */
  lr: number
  early: EarlyState
  plateau: PlateauState
  /** Shuffles drawn from the seeded stream, one per epoch: replayed on resume, so the next epoch's order is the same. */
  shuffles: number
  /** The weights at the end of `epoch`, in model.getWeights() order. */
  weights: SavedTensor[]
  /** The best epoch's weights, restored when the run ends; absent before a first best. */
  best?: SavedTensor[]
  /** Adam: the step counter and moments ([iter, m…, v…], tfjs's layout) and β^t as it held them. */
  optimizer: { weights: SavedTensor[]; accBetas: [number, number] }
  /** Each seeded dropout layer's masks drawn so far. */
  dropoutCalls: number[]
  history: EpochLog[]
}

function save(name: string, t: tf.Tensor): SavedTensor {
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32'
  return { name, shape: [...t.shape], dtype, values: dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync()) }
}

/** The caller owns the tensors returned. */
export function loadTensors(saved: readonly SavedTensor[]): tf.Tensor[] {
  return saved.map((s) => tf.tensor(s.values, s.shape, s.dtype))
}

export function saveWeights(weights: readonly tf.Tensor[]): SavedTensor[] {
  return weights.map((w, i) => save(`w${i}`, w))
}

function dropouts(model: tf.LayersModel): SeededDropout[] {
  return model.layers.filter((l): l is SeededDropout => l instanceof SeededDropout)
}

/** The optimizer's and the model's side of a checkpoint; the loop's counters come from fit. */
export async function captureTraining(model: tf.LayersModel, optimizer: FusedAdam): Promise<Pick<FitState, 'weights' | 'optimizer' | 'dropoutCalls'>> {
  const named = await optimizer.getWeights()
  const saved = named.map((n) => save(n.name, n.tensor))
  named[0]!.tensor.dispose() // the step counter is a scalar made for the call; the rest are the optimizer's own variables
  return {
    weights: saveWeights(model.getWeights()),
    optimizer: { weights: saved, accBetas: optimizer.accBetas },
    dropoutCalls: dropouts(model).map((d) => d.calls),
  }
}

/** Puts a checkpoint's weights, moments and dropout position back; says what does not fit this model. */
export async function restoreTraining(model: tf.LayersModel, optimizer: FusedAdam, s: FitState): Promise<void> {
  const have = model.getWeights().map((w) => w.shape.join('×'))
  const want = s.weights.map((w) => w.shape.join('×'))
  if (have.join() !== want.join()) throw new Error(`train: the checkpoint holds weights of ${want.length} shapes (${want.slice(0, 3).join(', ')}…) that do not fit this model (${have.slice(0, 3).join(', ')}…); start a new run`)
  const weights = loadTensors(s.weights)
  model.setWeights(weights)
  tf.dispose(weights)
  const moments = loadTensors(s.optimizer.weights)
  await optimizer.setWeights(moments.map((tensor, i) => ({ name: s.optimizer.weights[i]!.name, tensor })))
  tf.dispose(moments) // the variables made from them hold their own reference to the data
  optimizer.accBetas = s.optimizer.accBetas
  const layers = dropouts(model)
  if (layers.length !== s.dropoutCalls.length) throw new Error(`train: the checkpoint has ${s.dropoutCalls.length} dropout layers, the model ${layers.length}; start a new run`)
  layers.forEach((d, i) => (d.calls = s.dropoutCalls[i]!))
}
