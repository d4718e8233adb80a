import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, describe, expect, it } from 'vitest'
import { registerWasmIdentity } from './wasmIdentity'

afterAll(async () => {
  await tf.setBackend('cpu')
})

describe('registerWasmIdentity', () => {
  it('clones share the buffer, outlive the original, and free it with the last reference', async () => {
    await tf.setBackend('wasm')
    registerWasmIdentity()
    registerWasmIdentity() // idempotent
    const start = tf.memory()
    const a = tf.tensor1d([1, 2, 3])
    const b = a.clone()
    expect(tf.memory().numDataBuffers).toBe(start.numDataBuffers + 1) // one buffer, two tensors
    expect(tf.memory().numTensors).toBe(start.numTensors + 2)
    a.dispose()
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3])
    b.dispose()
    expect(tf.memory().numDataBuffers).toBe(start.numDataBuffers)
  })

  it('gradients through saved (cloned) tensors stay right: d/dx Σ x²·x = 3x²', async () => {
    await tf.setBackend('wasm')
    registerWasmIdentity()
    const x = tf.tensor1d([1, -2, 0.5])
    const g = tf.grad((t) => tf.sum(tf.mul(tf.square(t), t)))(x)
    expect(Array.from(g.dataSync())).toEqual([3, 12, 0.75])
    tf.dispose([x, g])
  })
})
