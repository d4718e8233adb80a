import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildModel } from './build'
import { SEED_MODEL } from './presets'
import { fromPortable, toPortable, type ModelArtifactsData } from './portable'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

async function artifactsOf(model: tf.LayersModel): Promise<ModelArtifactsData> {
  let saved: tf.io.ModelArtifacts | undefined
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
  }))
  return { modelTopology: saved!.modelTopology as object, weightSpecs: saved!.weightSpecs!, weightData: tf.io.CompositeArrayBuffer.join(saved!.weightData!) }
}

const classes = (m: tf.LayersModel) => m.layers.map((l) => l.getClassName()).filter((c) => /LSTM|Dropout|Quantile/.test(c))
const load = (a: ModelArtifactsData) => tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightData: a.weightData }))

describe('portable model artifacts', () => {
  it('speak stock Keras classes, all but the quantile head, and come back as the studio layers with the same predictions', async () => {
    const model = buildModel(SEED_MODEL, { window: 8, h1Features: 3, m15Features: 4 }, 5)
    const portable = toPortable(await artifactsOf(model))
    const text = JSON.stringify(portable.modelTopology)
    expect(text).not.toMatch(/FusedLSTM|SeededDropout/)
    expect(text.match(/"class_name":"LSTM"/g)).toHaveLength(4)
    expect(text.match(/"class_name":"Dropout"/g)).toHaveLength(4)

    const x = [tf.randomNormal([5, 8, 3], 0, 1, 'float32', 1), tf.randomNormal([5, 8, 4], 0, 1, 'float32', 2)]
    const want = await (model.predict(x) as tf.Tensor).data()
    const studio = await load(fromPortable(portable, 'fused'))
    expect(classes(studio)).toEqual(classes(model))
    expect(await (studio.predict(x) as tf.Tensor).data()).toEqual(want) // same layers, same weights: the same numbers
    const stock = await load(portable) // plain tfjs layers, as another engine would read the file
    expect(classes(stock)).toEqual(classes(model).map((c) => c.replace('FusedLSTM', 'LSTM').replace('SeededDropout', 'Dropout')))
    const got = await (stock.predict(x) as tf.Tensor).data()
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5))
    tf.dispose([...x, model, studio, stock] as never)
  })
})
