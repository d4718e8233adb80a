import * as tf from '@tensorflow/tfjs'
import type { CoinFeatures, Split } from '../features/types'
import { gatherBatch, listSamples } from './batches'

/** Model outputs for one coin's samples of a split, in sample order. */
export interface CoinOutputs {
  symbol: string
  /** Float32Array [samples × outputs]. */
  values: Float32Array
  outputs: number
}

/**
 * Runs the model on every sample of the split, in batches of 256 with dropout off. Same inputs, same weights,
 * same backend: same numbers — a loaded model must predict exactly what the trained one did. Disposes what it makes.
 */
export async function predictSplit(model: tf.LayersModel, coins: readonly CoinFeatures[], split: Split): Promise<CoinOutputs[]> {
  const list = listSamples(coins, split)
  const outShape = model.outputs[0]!.shape
  const k = outShape[outShape.length - 1] ?? 1
  const all = new Float32Array(list.coin.length * k)
  const w = coins[0]?.window ?? 0
  for (let from = 0; from < list.coin.length; from += 256) {
    const to = Math.min(list.coin.length, from + 256)
    const b = gatherBatch(coins, split, list, from, to, w)
    const x = [tf.tensor3d(b.h1, [b.n, w, coins[0]!.h1.features]), tf.tensor3d(b.m15, [b.n, w, coins[0]!.m15.features])]
    const y = model.predict(x) as tf.Tensor
    all.set(await y.data<'float32'>(), from * k)
    tf.dispose([...x, y])
  }
  let at = 0
  return coins.map((c) => {
    const n = c.samples[split].end1h.length
    const values = all.slice(at * k, (at + n) * k)
    at += n
    return { symbol: c.symbol, values, outputs: k }
  })
}
