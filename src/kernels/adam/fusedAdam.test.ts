import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, describe, expect, it } from 'vitest'
import { FUSED_ADAM, registerAdamKernel } from './adamKernel'
import { relError } from '../testing'
import { FusedAdam, fusedAdam } from './fusedAdam'

afterAll(async () => {
  registerAdamKernel()
  await tf.setBackend('cpu')
})

/**
 * A small regression, tanh(x·W + b)·S against y, with seeded data: gradients change every step and
 * differ in scale between the variables. The caller disposes the returned tensors and variables.
 */
function problem(seed: number) {
  const vars = [[5, 4], [4], [4, 2]].map((shape, i) => tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, 0.5, 'float32', seed + i))))
  const x = tf.randomNormal([16, 5], 0, 1, 'float32', seed + 10)
  const y = tf.randomNormal([16, 2], 0, 1, 'float32', seed + 11)
  const loss = () => tf.tidy(() => {
    const [w, b, s] = vars as [tf.Variable, tf.Variable, tf.Variable]
    return tf.mean(tf.squaredDifference(tf.matMul(tf.tanh(tf.add(tf.matMul(x, w), b)), s), y)) as tf.Scalar
  })
  return { vars, loss, dispose: () => tf.dispose([...vars, x, y]) }
}

/** Runs `steps` steps, changing the learning rate to `lr2` halfway; returns the variables' values. */
function train(opt: tf.Optimizer, seed: number, steps: number, lr2: number): Float32Array[] {
  const p = problem(seed)
  for (let i = 0; i < steps; i++) {
    if (i === steps / 2) (opt as unknown as { learningRate: number }).learningRate = lr2
    opt.minimize(p.loss)
  }
  const values = p.vars.map((v) => v.dataSync<'float32'>().slice())
  p.dispose()
  return values
}

function maxRelError(a: Float32Array[], b: Float32Array[]): number {
  return Math.max(...a.map((x, i) => tf.tidy(() => relError(tf.tensor(x), tf.tensor(b[i]!)))))
}

describe('FusedAdam against tf.train.adam', () => {
  it.each(['cpu', 'wasm'])('%s: same weights after 40 steps with the learning rate cut halfway, nothing leaked', async (backend) => {
    expect(await tf.setBackend(backend)).toBe(true)
    const start = tf.memory().numTensors
    const ref = tf.train.adam(0.05, 0.9, 0.999, 1e-7)
    const want = train(ref, 3, 40, 0.005)
    ref.dispose()
    const opt = fusedAdam(0.05, 0.9, 0.999, 1e-7)
    const got = train(opt, 3, 40, 0.005)
    // Every op is rounded to float32 as tfjs rounds it; measured 0 on cpu and wasm.
    expect(maxRelError(got, want)).toBeLessThan(1e-6)
    // Without the cut the weights end elsewhere: the new rate was honoured.
    const uncut = fusedAdam(0.05, 0.9, 0.999, 1e-7)
    expect(maxRelError(train(uncut, 3, 40, 0.05), want)).toBeGreaterThan(1e-3)
    uncut.dispose()
    // The two moments per variable are all that outlives the steps, and dispose frees them.
    expect(tf.memory().numTensors).toBe(start + 6)
    opt.dispose()
    expect(tf.memory().numTensors).toBe(start)
  })

  it('launches one kernel for the whole update on cpu, against ~12 per variable for tf.train.adam', async () => {
    await tf.setBackend('cpu')
    const p = problem(5)
    const count = async (opt: tf.Optimizer) => {
      opt.minimize(p.loss) // first step makes the moments
      const profile = await tf.profile(() => void opt.minimize(p.loss))
      opt.dispose()
      return profile.kernels.map((k) => k.name)
    }
    const fused = await count(fusedAdam(0.01))
    const stock = await count(tf.train.adam(0.01))
    expect(fused.filter((k) => k === FUSED_ADAM)).toHaveLength(1)
    // Forward and backward of the loss are the same in both; the difference is the update alone.
    expect(stock.length - fused.length).toBeGreaterThanOrEqual(3 * 12 - 1)
    p.dispose()
  })

  it('runs the same formula as tfjs ops on a backend without the kernel', async () => {
    await tf.setBackend('cpu')
    tf.unregisterKernel(FUSED_ADAM, 'cpu')
    const ref = tf.train.adam(0.05, 0.9, 0.999, 1e-7)
    const want = train(ref, 4, 20, 0.01)
    ref.dispose()
    const opt = fusedAdam(0.05, 0.9, 0.999, 1e-7)
    expect(maxRelError(train(opt, 4, 20, 0.01), want)).toBeLessThan(1e-6)
    opt.dispose()
    registerAdamKernel()
  })

  it('serialises like tfjs optimizers, and its weights load into tfjs Adam and back', async () => {
    await tf.setBackend('cpu')
    const opt = fusedAdam(0.02, 0.8, 0.99, 1e-6)
    expect(opt.getClassName()).toBe('FusedAdam')
    const cls = tf.serialization.SerializationMap.getMap().classNameMap['FusedAdam']!
    const copy = cls[1](cls[0], opt.getConfig()) as FusedAdam
    expect(copy.getConfig()).toEqual({ learningRate: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 })
    copy.dispose()

    // Ten steps, then the state moves to tfjs's Adam and back to a new FusedAdam: ten more on each agree.
    const p = problem(6)
    for (let i = 0; i < 10; i++) opt.minimize(p.loss)
    const start = p.vars.map((v) => v.clone())
    const weights = await opt.getWeights()
    expect(weights.map((w) => w.name.replace(/^.*\//, ''))).toEqual(['iter', 'm', 'm', 'm', 'v', 'v', 'v'])
    const stock = tf.train.adam(0.02, 0.8, 0.99, 1e-6)
    await stock.setWeights(weights)
    const again = new FusedAdam(0.02, 0.8, 0.99, 1e-6)
    const handed = await stock.getWeights()
    await again.setWeights(handed)
    const run = (o: tf.Optimizer) => {
      p.vars.forEach((v, i) => v.assign(start[i]!))
      for (let i = 0; i < 10; i++) o.minimize(p.loss)
      return p.vars.map((v) => v.dataSync<'float32'>().slice())
    }
    expect(maxRelError(run(again), run(stock))).toBeLessThan(1e-6)
    tf.dispose([weights[0]!.tensor, handed[0]!.tensor, ...start])
    for (const o of [opt, stock, again]) o.dispose()
    p.dispose()
  })
})
