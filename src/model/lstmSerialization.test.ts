import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { withLstmClass } from './lstmSerialization'
import { relError } from '../kernels/testing'
import { twoLstmModel } from './lstmKinds'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

async function saveToMemory(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
  }))
  return saved!
}

/** Loads artifacts and checks class names and that predictions agree with the original model. */
async function expectLoadsAs(model: tf.LayersModel, artifacts: tf.io.ModelArtifacts, classes: string[]): Promise<void> {
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts))
  expect(loaded.layers.map((l) => l.getClassName())).toEqual(classes)
  const x = tf.randomNormal([3, 5, 3], 0, 1, 'float32', 8)
  const a = model.predict(x) as tf.Tensor, b = loaded.predict(x) as tf.Tensor
  // Stock and fused differ by float32 rounding only (SIMD exp ~1e-7).
  expect(relError(b, a)).toBeLessThan(1e-5)
  tf.dispose([x, a, b])
  loaded.dispose()
}

describe('saving and loading FusedLSTM', () => {
  it('re-loads as FusedLSTM with identical predictions', async () => {
    const model = twoLstmModel('fused', 5, 3, 4, 8, 7)
    await expectLoadsAs(model, await saveToMemory(model), ['InputLayer', 'FusedLSTM', 'FusedLSTM', 'Dense'])
    model.dispose()
  })

  it('exports as stock LSTM (class name only) for plain tfjs or Keras', async () => {
    const model = twoLstmModel('fused', 5, 3, 4, 8, 7)
    const artifacts = await saveToMemory(model)
    await expectLoadsAs(model, withLstmClass(artifacts, 'LSTM'), ['InputLayer', 'LSTM', 'LSTM', 'Dense'])
    // The input artifacts are left as they were.
    expect(JSON.stringify(artifacts.modelTopology)).toContain('"class_name":"FusedLSTM"')
    model.dispose()
  })

  it('imports a stock sigmoid-gate LSTM model as FusedLSTM, and leaves hard-sigmoid layers stock', async () => {
    const stock = twoLstmModel('stock', 5, 3, 4, 8, 7)
    await expectLoadsAs(stock, withLstmClass(await saveToMemory(stock), 'FusedLSTM'), ['InputLayer', 'FusedLSTM', 'FusedLSTM', 'Dense'])
    stock.dispose()
    const hard = tf.sequential({ layers: [tf.layers.lstm({ units: 4, inputShape: [5, 3] })] })
    await expectLoadsAs(hard, withLstmClass(await saveToMemory(hard), 'FusedLSTM'), ['LSTM'])
    hard.dispose()
  })
})
