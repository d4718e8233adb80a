import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, describe, expect, it } from 'vitest'
import { relError } from '../kernels/testing'
import { lstmOf, setRandomWeights } from './lstmKinds'
import { outputAndGrads } from './testing'

// The wasm backend keeps tensors in its heap; the kernels read and write there through
// typedArrayFromHeap views. Reference: stock tf.layers.lstm on the cpu backend.
afterAll(async () => {
  await tf.setBackend('cpu')
})

describe('FusedLSTM on the wasm backend', () => {
  // 6 units run the JS kernels, 8 the SIMD ones (units % 4 = 0).
  it.each([[true, 6], [false, 6], [true, 8], [false, 8]])('returnSequences=%s, %i units: output and all gradients match stock LSTM on cpu', async (seq, units) => {
    await tf.setBackend('cpu')
    const stock = lstmOf('stock', units, seq)
    const x = tf.randomNormal([5, 9, 3], 0, 1, 'float32', 41)
    tf.dispose(stock.apply(x) as tf.Tensor)
    setRandomWeights([stock], 42)
    const dy = tf.randomNormal(seq ? [5, 9, units] : [5, units], 0, 1, 'float32', 43)
    const wantTensors = outputAndGrads(stock, x, dy)
    const want = wantTensors.map((t) => ({ shape: t.shape, values: t.dataSync().slice() }))
    const weights = stock.getWeights().map((w) => ({ shape: w.shape, values: w.dataSync().slice() }))
    const inputs = [x, dy].map((t) => ({ shape: t.shape, values: t.dataSync().slice() }))
    tf.dispose([x, dy, ...wantTensors])
    stock.dispose()

    expect(await tf.setBackend('wasm')).toBe(true)
    const start = tf.memory().numTensors
    const [wx, wdy] = inputs.map((v) => tf.tensor(v.values, v.shape)) as [tf.Tensor, tf.Tensor]
    const fused = lstmOf('fused', units, seq)
    tf.dispose(fused.apply(wx) as tf.Tensor)
    const ws = weights.map((w) => tf.tensor(w.values, w.shape))
    fused.setWeights(ws)
    tf.dispose(ws)
    const got = outputAndGrads(fused, wx, wdy)
    got.forEach((g, i) => {
      const ref = tf.tensor(want[i]!.values, want[i]!.shape)
      expect(relError(g, ref)).toBeLessThan(1e-4)
      ref.dispose()
    })
    tf.dispose([wx, wdy, ...got])
    fused.dispose()
    expect(tf.memory().numTensors).toBe(start)
  })
})
