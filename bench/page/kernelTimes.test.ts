import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { launchedKernels, topKernels, type ProfiledKernel } from './kernelTimes'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const k = (name: string, kernelTimeMs: ProfiledKernel['kernelTimeMs']) => ({ name, kernelTimeMs }) as ProfiledKernel

describe('topKernels', () => {
  it('sums time and launches by name, longest first, and cuts at n', () => {
    const t = topKernels([k('Add', 1.5), k('MatMul', 4), k('Add', 2), k('Exp', 0.25), k('Tanh', 0.5)], 3)
    expect(t).toEqual([
      { name: 'MatMul', count: 1, ms: 4 },
      { name: 'Add', count: 2, ms: 3.5 },
      { name: 'Tanh', count: 1, ms: 0.5 },
    ])
  })

  it('counts a kernel without a timer reading as 0 ms', () => {
    expect(topKernels([k('Add', { error: 'no timer' }), k('Add', 1)])).toEqual([{ name: 'Add', count: 2, ms: 1 }])
  })

  it('is empty for an empty profile', () => {
    expect(topKernels([])).toEqual([])
  })
})

describe('launchedKernels', () => {
  it('drops the entries the profiler lists for custom-gradient scopes', async () => {
    const x = tf.tensor1d([1, 2])
    const f = tf.customGrad((a) => ({ value: tf.mul(a as tf.Tensor, 2), gradFunc: (dy) => dy }))
    const profile = await tf.profile(() => f(x))
    const names = profile.kernels.map((e) => e.name)
    expect(names).toContain('Multiply')
    expect(names.length).toBeGreaterThan(1) // the scope entry the filter must drop
    expect(launchedKernels(profile.kernels, 'cpu').map((e) => e.name)).toEqual(['Multiply'])
    tf.dispose([x, profile.result as tf.Tensor])
  })
})
