import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { conv2dBackpropFilter, registerConvFilterGrad } from './convFilterGrad'
import { setSimdEnabled } from '../wasm/simdKernels'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('conv2dBackpropFilter', () => {
  it('equals the cpu backend’s filter gradient of a Conv1D', () => {
    const x = tf.randomNormal([3, 1, 10, 4], 0, 1, 'float32', 1)
    const dy = tf.randomNormal([3, 1, 8, 5], 0, 1, 'float32', 2)
    const w = tf.zeros([1, 3, 4, 5]) as tf.Tensor4D
    const ref = tf.grad((f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'valid'))(w, dy)
    const info = tf.backend_util.computeConv2DInfo([3, 1, 10, 4], [1, 3, 4, 5], 1, 1, 'valid')
    const dw = new Float32Array(1 * 3 * 4 * 5)
    conv2dBackpropFilter(x.dataSync() as Float32Array, dy.dataSync() as Float32Array, dw, info)
    const want = ref.dataSync()
    dw.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4))
    tf.dispose([x, dy, ref, w])
  })

  it('handles same padding and stride 2', () => {
    const x = tf.randomNormal([2, 1, 9, 3], 0, 1, 'float32', 3)
    const info = tf.backend_util.computeConv2DInfo([2, 1, 9, 3], [1, 3, 3, 2], 2, 1, 'same')
    const dy = tf.randomNormal([2, 1, info.outWidth, 2], 0, 1, 'float32', 4)
    const w = tf.zeros([1, 3, 3, 2]) as tf.Tensor4D
    const ref = tf.grad((f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'))(w, dy)
    const dw = new Float32Array(18)
    conv2dBackpropFilter(x.dataSync() as Float32Array, dy.dataSync() as Float32Array, dw, info)
    const want = ref.dataSync()
    dw.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4))
    tf.dispose([x, dy, ref, w])
  })

  // Valid padding takes the GEMM form (wasm SIMD, or the JS GEMM without it); 'same' above takes the loops.
  it.each([[true, 1], [false, 1], [true, 2], [false, 2]])('simd=%s, stride %i, a 2×3 filter over 2 rows: the GEMM form equals tfjs', (useSimd, stride) => {
    setSimdEnabled(useSimd)
    const x = tf.randomNormal([3, 3, 40, 6], 0, 1, 'float32', 7)
    const info = tf.backend_util.computeConv2DInfo([3, 3, 40, 6], [2, 3, 6, 16], stride as 1 | 2, 1, 'valid')
    const dy = tf.randomNormal([3, info.outHeight, info.outWidth, 16], 0, 1, 'float32', 8)
    const w = tf.zeros([2, 3, 6, 16]) as tf.Tensor4D
    const ref = tf.grad((f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride as 1 | 2, 'valid'))(w, dy)
    const dw = new Float32Array(2 * 3 * 6 * 16)
    conv2dBackpropFilter(x.dataSync() as Float32Array, dy.dataSync() as Float32Array, dw, info)
    const want = ref.dataSync()
    dw.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4))
    tf.dispose([x, dy, ref, w])
    setSimdEnabled(true)
  })
})

describe('registerConvFilterGrad on the cpu backend', () => {
  it('replaces tfjs-cpu’s kernel with one that gives the same gradients', () => {
    const x = tf.randomNormal([4, 1, 60, 13], 0, 1, 'float32', 5) as tf.Tensor4D
    const w = tf.randomNormal([1, 3, 13, 32], 0, 1, 'float32', 6) as tf.Tensor4D
    const grad = () => tf.grad((f) => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid'))))(w)
    const stock = grad()
    registerConvFilterGrad()
    registerConvFilterGrad() // idempotent
    const ours = grad()
    const a = stock.dataSync(), b = ours.dataSync()
    // float32 sums of 232 products in another order: equal to 1e-5 of the gradient's scale
    const scale = Math.max(...Array.from(a, Math.abs))
    a.forEach((v, i) => expect(Math.abs(b[i]! - v)).toBeLessThanOrEqual(1e-5 * scale))
    expect((tf.getKernel('Conv2DBackpropFilter', 'cpu') as { studio?: boolean }).studio).toBe(true)
    tf.dispose([x, w, stock, ours])
  })
})
