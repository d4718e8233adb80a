import * as tf from '@tensorflow/tfjs'
import { allFeatureNames, SEED_FEATURES } from '../../src/features/spec'
import { chooseBackend, fusedAvailable, softwareGpu, type BackendName } from '../../src/workers/backends'
import { kernelNotices } from '../../src/workers/kernelNotices'
import { setLstmThreadLimit } from '../../src/kernels/lstm/threads/lstmThreads'
import { DEFAULT_LANES, setLstmLanes } from '../../src/kernels/lstm/lstmLayout'
import type { ModelConfig } from '../../src/model/types'
import { FUSED_ADAM } from '../../src/kernels/adam/adamKernel'
import { launchedKernels, topKernels } from './kernelTimes'
import { seedStep } from './seedStep'
import type { TrainBenchOptions, TrainBenchResult, TrainBenchRow } from './types'

/**
 * Trains the seed network on seeded random inputs for each backend × LSTM kind × batch and times the
 * steps as the Train cell runs them: `optimizer.minimize`, then reading the loss. Disposes everything it makes.
 */
export async function benchTrain(opts: TrainBenchOptions): Promise<TrainBenchResult> {
  const features = allFeatureNames(SEED_FEATURES.indicators).length
  const window = SEED_FEATURES.window
  const result: TrainBenchResult = { tfjs: tf.version.tfjs, features, window, rows: [], skipped: [], notes: [] }
  for (const backend of opts.backends) {
    let lstmThreads: number
    try {
      const choice = await chooseBackend(backend)
      lstmThreads = choice.lstmThreads
      // As the Train cell says it: the rows below are slower than they should be, and why.
      for (const note of kernelNotices(choice, 'fused')) result.notes.push({ backend, note })
    } catch (e) {
      result.skipped.push({ backend, reason: (e as Error).message })
      console.info(`bench: ${backend} skipped: ${(e as Error).message}`)
      continue
    }
    const software = backend === 'webgl' || backend === 'webgpu' ? await softwareGpu(backend) : undefined
    if (software) result.notes.push({ backend, note: software })
    const kinds: ModelConfig['lstm'][] = fusedAvailable(backend) ? ['stock', 'fused'] : ['stock']
    for (const lstm of kinds) {
      for (const { threads, lanes } of lstm === 'fused' ? laneRows(lstmThreads) : [{ threads: 1, lanes: DEFAULT_LANES }]) {
        setLstmThreadLimit(threads)
        setLstmLanes(lanes)
        try {
          for (const batch of opts.batches) {
            const before = tf.memory().numTensors
            const row = await benchRow(backend, lstm, threads, batch, features, window, opts, lanes)
            row.leakedTensors = tf.memory().numTensors - before
            result.rows.push(row)
            console.info(`bench: ${backend} ${lstm} ${threads} thread(s) ${lanes} lanes batch ${batch}: ${row.samplesPerSec.toFixed(1)} samples/s over ${row.steps} steps, ${row.kernelsPerStep} kernels/step`)
          }
        } finally {
          setLstmThreadLimit(Infinity)
          setLstmLanes(DEFAULT_LANES)
        }
      }
    }
  }
  return result
}

/**
 * The fused LSTM's rows on cpu and wasm: the run's default lanes on one thread, on two and on every thread the
 * machine gives, and two threads on the two lanes the studio split batches into before lanes were a setting.
 */
function laneRows(threads: number): { threads: number; lanes: number }[] {
  if (threads === 1) return [{ threads: 1, lanes: DEFAULT_LANES }]
  const rows = [{ threads: 1, lanes: DEFAULT_LANES }, { threads: 2, lanes: DEFAULT_LANES }, { threads: 2, lanes: 2 }]
  return threads > 2 ? [...rows, { threads, lanes: DEFAULT_LANES }] : rows
}

/** Calls `f` for at least `opts.seconds` and `opts.minSteps` calls, at most `opts.maxSeconds`. */
async function timed(f: () => Promise<unknown>, opts: TrainBenchOptions): Promise<{ calls: number; seconds: number }> {
  let calls = 0
  const t0 = performance.now()
  for (;;) {
    await f()
    calls++
    const s = (performance.now() - t0) / 1000
    if ((calls >= opts.minSteps && s >= opts.seconds) || s >= opts.maxSeconds) return { calls, seconds: s }
  }
}

export async function benchRow(
  backend: BackendName, lstm: ModelConfig['lstm'], threads: number, batch: number, features: number, window: number, opts: TrainBenchOptions,
  lanes = DEFAULT_LANES,
): Promise<TrainBenchRow> {
  const { step, infer, dispose } = seedStep(lstm, batch, { window, h1Features: features, m15Features: features }, `${backend} ${lstm}`)
  try {
    await step() // warm-up: Adam's slots, shader compiles, wasm instantiation
    const p0 = performance.now()
    const profile = await tf.profile(async () => {
      await step()
    })
    const profiledMs = performance.now() - p0
    const { calls: steps, seconds } = await timed(step, opts)
    const kernels = launchedKernels(profile.kernels, backend)
    const adamMs = topKernels(kernels, Infinity).find((k) => k.name === FUSED_ADAM)?.ms ?? 0
    const forward = opts.forward ? await timed(infer, opts) : undefined
    return {
      backend, lstm, threads, lanes, batch, samplesPerSec: (batch * steps) / seconds, kernelsPerStep: kernels.length,
      peakBytes: profile.peakBytes, steps, profiledMs, topKernels: topKernels(kernels), adamMs, leakedTensors: 0,
      ...(forward ? { forwardSamplesPerSec: (batch * forward.calls) / forward.seconds } : {}),
    }
  } finally {
    dispose()
  }
}
