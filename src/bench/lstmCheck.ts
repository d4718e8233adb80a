import * as tf from '@tensorflow/tfjs'
import { chooseBackend } from '../model/backends'
import { buildModel } from '../model/build'
import { SEED_MODEL, type ModelConfig } from '../model/config'
import { lstmHelperJobs, setLstmThreadsEnabled } from '../model/lstmThreads'
import { webgpuLstmOptions } from '../model/lstmWebgpu'
import { lstmOf, outputAndGrads, setRandomWeights } from '../model/testing'
import { lossFor } from '../train/fit'
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
  return {
    backend: opts.backend, lstmThreads, threadsIdentical, helperJobs: lstmHelperJobs() - jobsBefore, cases, stockLosses: stock.losses, fusedLosses: fused.losses, lossRelDiff,
    fusedKernelsPerStep: fused.kernels, stockKernelsPerStep: stock.kernels, leakedTensors: tf.memory().numTensors - start,
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
