import * as tf from '@tensorflow/tfjs'
import { chooseBackend } from '../workers/backends'
import { buildModel } from '../model/build'
import { SEED_MODEL, type ModelConfig } from '../model/config'
import { lstmHelperJobs, setLstmThreadsEnabled } from '../kernels/lstm/threads/lstmThreads'
import { webgpuLstmOptions } from '../kernels/lstm/webgpu/lstmWebgpu'
import { lstmOf, setRandomWeights } from '../model/lstmKinds'
import { outputAndGrads } from '../model/testing'
import { lossFor } from '../train/fit'
import { fusedAdam } from '../kernels/adam/fusedAdam'
import { FUSED_ADAM } from '../kernels/adam/adamKernel'
import { launchedKernels } from './kernelTimes'
import type { LstmCheckCase, LstmCheckOptions, LstmCheckResult } from './types'

const GRAD_NAMES = ['y', 'dx', 'dKernel', 'dRecurrentKernel', 'dBias'] as const

/**
 * FusedLSTM against tf.layers.lstm (sigmoid gates, same weights) on one backend, in the page, so the
 * webgpu kernels are checked on a real WebGPU device (SwiftShader in CI). Reports max |a − b| / max |b|
 * for the output and every gradient, per layer case and, on webgpu, for both recurrence paths; and the
 * losses of two training steps of the seed network scaled down, stock vs fused. On cpu and wasm with the
 * LSTM helper thread, every fused case and the training steps run on two threads and on one, which
 * must agree bit for bit (the lanes' split and sums do not depend on the threads). Disposes what it makes.
 */
export async function lstmCheck(opts: LstmCheckOptions): Promise<LstmCheckResult> {
  const { lstmThreads } = await chooseBackend(opts.backend)
  let threadsIdentical: boolean | null = lstmThreads === 2 ? true : null
  const jobsBefore = lstmHelperJobs()
  const start = tf.memory().numTensors
  const cases: LstmCheckCase[] = []
  const { batch, time: T, features: D } = opts
  // The last case has B·H > 256, so each thread of the recurrence owns two cells.
  const shapes = [[8, D, true, batch], [16, 8, false, batch], [8, D, false, batch], [16, 8, true, batch], [16, 5, true, 20]] as const
  for (const [units, inputDim, sequences, B] of shapes) {
    const x = tf.randomNormal([B, T, inputDim], 0, 1, 'float32', 21)
    const dy = tf.randomNormal(sequences ? [B, T, units] : [B, units], 0, 1, 'float32', 22)
    const stock = lstmOf('stock', units, sequences)
    const fused = lstmOf('fused', units, sequences)
    // Built inside a tidy: tfjs 4.22's stock LSTMCell leaves 4 tensors behind per build (variables outlive it).
    tf.tidy(() => { stock.apply(x); fused.apply(x) })
    setRandomWeights([stock], 5)
    fused.setWeights(stock.getWeights())
    const want = outputAndGrads(stock, x, dy)
    const name = `B${B} T${T} D${inputDim} H${units} ${sequences ? 'sequences' : 'last'}`
    if (opts.backend === 'webgpu') {
      for (const shared of [true, false]) {
        webgpuLstmOptions.sharedState = shared
        const got = outputAndGrads(fused, x, dy)
        cases.push({ name: `${name}${shared ? '' : ' (h via storage)'}`, errors: await errorsOf(got, want) })
        tf.dispose(got)
      }
      webgpuLstmOptions.sharedState = true
    } else {
      let first: Float32Array[] | undefined
      for (const threads of lstmThreads === 2 ? [2, 1] : [1]) {
        setLstmThreadsEnabled(threads === 2)
        const got = outputAndGrads(fused, x, dy)
        setLstmThreadsEnabled(true)
        cases.push({ name: `${name}${lstmThreads === 2 ? `, ${threads} thread${threads === 2 ? 's' : ''}` : ''}`, errors: await errorsOf(got, want) })
        const values = await Promise.all(got.map(async (t) => (await t.data()) as Float32Array))
        if (first === undefined) first = values
        else if (!values.every((v, i) => v.every((e, j) => Object.is(e, first![i]![j])))) threadsIdentical = false
        tf.dispose(got)
      }
    }
    tf.dispose([x, dy, ...want])
    stock.dispose()
    fused.dispose()
  }
  const stock = await trainSteps('stock', opts)
  const fused = await trainSteps('fused', opts)
  const lossRelDiff = Math.max(...stock.losses.map((l, i) => Math.abs(fused.losses[i]! - l) / Math.abs(l)))
  if (lstmThreads === 2) {
    setLstmThreadsEnabled(false)
    try {
      const oneThread = await trainSteps('fused', opts)
      if (!oneThread.losses.every((l, i) => Object.is(l, fused.losses[i]))) threadsIdentical = false
    } finally {
      setLstmThreadsEnabled(true)
    }
  }
  const adam = await adamCheck()
  return {
    backend: opts.backend, lstmThreads, adamKernel: tf.getKernel(FUSED_ADAM, opts.backend) != null, adamRelDiff: adam, threadsIdentical, helperJobs: lstmHelperJobs() - jobsBefore, cases, stockLosses: stock.losses, fusedLosses: fused.losses, lossRelDiff,
    fusedKernelsPerStep: fused.kernels, stockKernelsPerStep: stock.kernels, leakedTensors: tf.memory().numTensors - start,
  }
}

/**
 * FusedAdam against tf.train.adam from the same start over three steps of seeded random gradients,
 * variables of the seed network's shapes: max |a − b| / max |b| over the values and both moments.
 */
async function adamCheck(): Promise<number> {
  const shapes = [[13, 256], [64, 256], [256], [48, 32], [1]]
  const start = shapes.map((s, i) => tf.randomNormal(s, 0, 0.1, 'float32', 40 + i))
  // Variables outlive the tidy; the clones they start from do not.
  const sets = [0, 1].map((k) => start.map((t, i) => tf.tidy(() => tf.variable(t.clone(), true, `adamCheck${k}_${i}_${Date.now()}`))))
  const optimizers = [tf.train.adam(1e-3, 0.9, 0.999, 1e-7), fusedAdam(1e-3, 0.9, 0.999, 1e-7)]
  try {
    for (let step = 0; step < 3; step++) {
      const grads = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 100 * step + i))
      optimizers.forEach((o, k) => o.applyGradients(sets[k]!.map((v, i) => ({ name: v.name, tensor: grads[i]! }))))
      tf.dispose(grads)
    }
    const weights = await Promise.all(optimizers.map((o) => o.getWeights()))
    const [want, got] = weights.map((w, k) => [...sets[k]!, ...w.slice(1).map((x) => x.tensor)])
    let worst = 0
    for (let i = 0; i < want!.length; i++) worst = Math.max(worst, await relError(got![i]!, want![i]!))
    tf.dispose(weights.map((w) => w[0]!.tensor)) // the iteration count: a fresh scalar per call
    return worst
  } finally {
    optimizers.forEach((o) => o.dispose())
    tf.dispose([...start, ...sets.flat()])
  }
}

async function errorsOf(got: tf.Tensor[], want: tf.Tensor[]): Promise<Record<string, number>> {
  const errors: Record<string, number> = {}
  for (let i = 0; i < got.length; i++) errors[GRAD_NAMES[i]!] = await relError(got[i]!, want[i]!)
  return errors
}

/** max |a − b| / max |b|, read asynchronously: a synchronous read on webgpu goes through a canvas and warns. */
async function relError(actual: tf.Tensor, expected: tf.Tensor): Promise<number> {
  if (actual.shape.join() !== expected.shape.join()) throw new Error(`bench: shapes differ, [${actual.shape}] vs [${expected.shape}]`)
  const [a, e] = await Promise.all([actual.data(), expected.data()])
  let diff = 0, scale = 0
  for (let i = 0; i < e.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - e[i]!))
    scale = Math.max(scale, Math.abs(e[i]!))
  }
  return scale === 0 ? diff : diff / scale
}

/** Losses of `opts.steps` Adam steps of the seed network (window and features scaled down); the second step is profiled. */
async function trainSteps(lstm: ModelConfig['lstm'], opts: LstmCheckOptions): Promise<{ losses: number[]; kernels: number }> {
  const io = { window: opts.time, h1Features: opts.features, m15Features: opts.features }
  // Stock LSTMCell leaks its unit-forget-bias initializer's tensors per build; a scope frees them.
  tf.engine().startScope()
  let model: tf.LayersModel
  try {
    model = buildModel({ ...SEED_MODEL, lstm }, io, 1)
  } finally {
    tf.engine().endScope()
  }
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7)
  const loss = lossFor(SEED_MODEL.head)
  const h1 = tf.randomNormal([opts.batch, opts.time, opts.features], 0, 1, 'float32', 11)
  const m15 = tf.randomNormal([opts.batch, opts.time, opts.features], 0, 1, 'float32', 12)
  const y = tf.randomNormal([opts.batch, 1], 0, 0.01, 'float32', 13)
  const losses: number[] = []
  let kernels = 0
  const step = async () => {
    const cost = optimizer.minimize(() => loss(y, model.apply([h1, m15], { training: true }) as tf.Tensor), true)!
    losses.push((await cost.data())[0]!)
    cost.dispose()
  }
  try {
    for (let i = 0; i < opts.steps; i++) {
      if (i === 1) kernels = launchedKernels((await tf.profile(step)).kernels, opts.backend).length
      else await step()
    }
    return { losses, kernels }
  } finally {
    tf.dispose([h1, m15, y])
    optimizer.dispose()
    model.dispose()
  }
}
