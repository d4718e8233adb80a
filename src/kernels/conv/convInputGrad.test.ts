import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conv2dBackpropInput, registerConvInputGrad } from './convInputGrad'
import { setSimdEnabled } from '../wasm/simdKernels'
import { relErrorOf as relError } from '../testing'

beforeAll(async () => {
  await tf.setBackend('cpu')
})
afterAll(async () => {
  setSimdEnabled(true)
  await tf.setBackend('cpu')
})

describe('conv2dBackpropInput', () => {
  it('spreads one output back over its 1×2 window, worked by hand', () => {
    // x [1, 1, 3, 1], filter [1, 2, 1, 1] = (2, 3), valid: y0 = 2·x0 + 3·x1, y1 = 2·x1 + 3·x2.
    // dy = (1, 10): dx = (2·1, 3·1 + 2·10, 3·10) = (2, 23, 30)
    const info = tf.backend_util.computeConv2DInfo([1, 1, 3, 1], [1, 2, 1, 1], 1, 1, 'valid')
    const dx = new Float32Array(3).fill(NaN) // overwritten, not accumulated into
    conv2dBackpropInput(Float32Array.of(1, 10), Float32Array.of(2, 3), dx, info)
    expect(Array.from(dx)).toEqual([2, 23, 30])
  })

  // Valid stride 1 is the seed's second Conv1D; 'same' and stride 2 reach the padding checks.
  it.each([
    [true, [8, 1, 60, 32], [1, 3, 32, 16], 1, 'valid'], [false, [8, 1, 60, 32], [1, 3, 32, 16], 1, 'valid'],
    [true, [2, 5, 9, 3], [2, 3, 3, 8], 2, 'same'], [false, [2, 5, 9, 3], [3, 2, 3, 4], 1, 'same'],
  ] as const)('simd=%s, x %j, filter %j, stride %i, %s: equals tfjs-cpu', (useSimd, xShape, fShape, stride, pad) => {
    setSimdEnabled(useSimd)
    const info = tf.backend_util.computeConv2DInfo([...xShape], [...fShape], stride, 1, pad)
    const dy = tf.randomNormal([xShape[0], info.outHeight, info.outWidth, fShape[3]], 0, 1, 'float32', 1)
    const w = tf.randomNormal([...fShape], 0, 1, 'float32', 2)
    const want = tf.conv2dTranspose(dy as tf.Tensor4D, w as tf.Tensor4D, [...xShape], stride, pad)
    const dx = new Float32Array(want.size)
    conv2dBackpropInput(dy.dataSync() as Float32Array, w.dataSync() as Float32Array, dx, info)
    expect(relError(dx, want.dataSync())).toBeLessThan(1e-5)
    tf.dispose([dy, w, want])
  })
})

describe('registerConvInputGrad', () => {
  it('cpu and wasm: a Conv1D trains with the same input gradient as the stock kernels gave, nothing leaked', async () => {
    const backends = ['cpu', 'wasm']
    const gradOn = async (backend: string) => {
      await tf.setBackend(backend)
      return tf.tidy(() => {
        const x = tf.randomNormal([4, 30, 13], 0, 1, 'float32', 3)
        const w = tf.randomNormal([3, 13, 8], 0, 1, 'float32', 4)
        return tf.grad((t) => tf.sum(tf.square(tf.conv1d(t as tf.Tensor3D, w as tf.Tensor3D, 1, 'valid'))))(x).dataSync().slice()
      })
    }
    const stock = [await gradOn('cpu'), await gradOn('wasm')]
    registerConvInputGrad()
    registerConvInputGrad() // idempotent
    for (const [i, backend] of backends.entries()) {
      const before = tf.memory().numTensors
      expect(relError(await gradOn(backend), stock[i]!)).toBeLessThan(1e-5)
      expect(tf.memory().numTensors).toBe(before)
      expect((tf.getKernel('Conv2DBackpropInput', backend) as { studio?: boolean }).studio).toBe(true)
    }
  })
})
