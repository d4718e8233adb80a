import * as tf from '@tensorflow/tfjs'
import { calendarCut, spanOf } from '../../src/features/calendar'
import { allFeatureNames, DEFAULT_FEATURES, SEED_FEATURES } from '../../src/features/spec'
import type { CoinFeatures } from '../../src/features/types'
import { firstSamples } from '../../src/features/windows'
import { SEED_MODEL } from '../../src/model/presets'
import type { EpochLog } from '../../src/train/fit'
import { workerClient } from '../../src/workers/client'
import { FeaturesPool } from '../../src/workers/featuresPool'
import { TrainSession } from '../../src/workers/trainClient'
import { bundledCoinInputs } from './bundled'
import { TRAIN_BENCH_DEFAULTS, type FitBenchOptions, type FitBenchResult, type FitBenchRow, type FitBreakdown, type FitPlan, type LanesBenchOptions, type LanesBenchResult, type StepRequest, type TrainBenchRow } from './types'

/**
 * The Train cell's real loop, timed: the bundled candles through the Features cell's worker pool, then the
 * training worker (fit, progress messages, validation, checkpoints to IndexedDB) on wasm with the fused LSTM,
 * for each plan; beside each, the step benchmark at the same batch and feature count, in the same run, in a
 * worker of its own as the loop runs in one, right before the loop and right after it.
 */
export async function benchFit(opts: FitBenchOptions): Promise<FitBenchResult> {
  const inputs = await bundledCoinInputs()
  const pool = new FeaturesPool()
  let all: CoinFeatures[]
  try {
    await pool.load({}, inputs)
    const cut = calendarCut(inputs.map((c) => spanOf(c.h1.candles.openTime, c.m15.candles.openTime)), DEFAULT_FEATURES.split)
    all = await pool.build(inputs.map((c) => c.symbol), DEFAULT_FEATURES, cut)
  } finally {
    pool.terminate()
  }
  const features = all[0]!.h1.features
  const stepper = stepWorker()
  const rows: FitBenchRow[] = []
  for (const plan of opts.plans) {
    const coins = planCoins(all, plan)
    // The step benchmark right before the loop and right after it: their mean is what the loop is compared with, so
    // a machine whose speed drifts during the loop moves both sides alike.
    const stepRow = async (when: string) => {
      const r = await stepper.call({ batch: plan.train.batchSize, features, window: DEFAULT_FEATURES.window, options: { ...opts.step, forward: true } })
      console.info(`bench: step ${when} ${plan.preset} batch ${plan.train.batchSize}: ${r.samplesPerSec.toFixed(1)} samples/s`)
      return r
    }
    const step = await stepRow('before')
    const { logs, at, lstmThreads } = await trainRun(coins, plan)
    const stepAfter = await stepRow('after')
    const timed = logs.slice(plan.warmupEpochs)
    if (timed.length === 0 || plan.warmupEpochs < 1) throw new Error(`bench: ${plan.preset} batch ${plan.train.batchSize} ran ${logs.length} epochs after ${plan.warmupEpochs} warm-up, none timed`)
    const trainSamples = Object.values(plan.trainPerCoin).reduce((a, b) => a + b, 0)
    const samplesPerEpoch = Math.min(trainSamples, plan.train.batchSize * plan.train.maxBatchesPerEpoch)
    // Wall time from the last warm-up epoch's end to the last epoch's end: an epoch's own `ms` stops before the
    // state the worker checkpoints to IndexedDB after each epoch (onState), which this counts.
    const ms = at[at.length - 1]! - at[plan.warmupEpochs - 1]!
    const between = (ms - timed.reduce((s, l) => s + l.ms, 0)) / timed.length
    const row: FitBenchRow = {
      preset: plan.preset, batch: plan.train.batchSize, samplesPerSec: (samplesPerEpoch * timed.length * 1000) / ms,
      stepSamplesPerSec: (step.samplesPerSec + stepAfter.samplesPerSec) / 2, stepRuns: [step.samplesPerSec, stepAfter.samplesPerSec],
      // Like the step rate, the forward pass alone and Adam's share of a profiled step: the mean of the runs before and after.
      forwardSamplesPerSec: ((step.forwardSamplesPerSec ?? NaN) + (stepAfter.forwardSamplesPerSec ?? NaN)) / 2,
      breakdown: breakdown(timed, (step.adamMs / step.profiledMs + stepAfter.adamMs / stepAfter.profiledMs) / 2, between), lstmThreads,
      epochs: timed.length, samplesPerEpoch, valSamples: Object.values(plan.valPerCoin).reduce((a, b) => a + b, 0),
    }
    rows.push(row)
    console.info(`bench: fit ${plan.preset} batch ${row.batch}: ${row.samplesPerSec.toFixed(1)} samples/s (${(row.samplesPerSec / row.stepSamplesPerSec * 100).toFixed(0)} % of the step)`)
  }
  stepper.terminate()
  return { tfjs: tf.version.tfjs, features, rows }
}

/** The worker that runs step rows (step.worker.ts). */
export function stepWorker() {
  return workerClient<StepRequest, TrainBenchRow>(new Worker(new URL('./step.worker.ts', import.meta.url), { type: 'module', name: 'bench-step' }))
}

/**
 * Rounds of step rows at each batch and threads × lanes configuration, in a worker: the "two threads on
 * 8 lanes no slower than on 2 lanes", measured so that a machine whose load drifts slows every configuration alike.
 */
export async function benchLanes(opts: LanesBenchOptions): Promise<LanesBenchResult> {
  const stepper = stepWorker()
  const features = allFeatureNames(SEED_FEATURES.indicators).length
  const options = { ...TRAIN_BENCH_DEFAULTS, backends: ['wasm' as const], seconds: opts.seconds, maxSeconds: opts.seconds * 3 }
  const samplesPerSec: number[][][] = []
  let threads = 1
  try {
    for (let round = 0; round < opts.rounds; round++) {
      const byBatch: number[][] = []
      for (const batch of opts.batches) {
        const rates: number[] = new Array<number>(opts.configs.length)
        // Every other round in reverse order: a row that runs after another ran faster or slower by place alone.
        const order = opts.configs.map((_, i) => (round % 2 === 0 ? i : opts.configs.length - 1 - i))
        for (const ci of order) {
          const c = opts.configs[ci]!
          const row = await stepper.call({ batch, features, window: SEED_FEATURES.window, options, threads: c.threads, lanes: c.lanes })
          threads = Math.max(threads, row.threads)
          rates[ci] = row.samplesPerSec
          console.info(`bench: lanes round ${round + 1} batch ${batch} ${row.threads} thread(s) ${c.lanes} lanes: ${row.samplesPerSec.toFixed(1)} samples/s`)
        }
        byBatch.push(rates)
      }
      samplesPerSec.push(byBatch)
    }
  } finally {
    stepper.terminate()
  }
  return { threads, samplesPerSec }
}

/** The plan's coins, with the training samples Node counted (else the windows differ) and its validation slice. */
function planCoins(all: readonly CoinFeatures[], plan: FitPlan): CoinFeatures[] {
  return Object.entries(plan.trainPerCoin).map(([symbol, n]) => {
    const c = all.find((x) => x.symbol === symbol)
    if (!c) throw new Error(`bench: the page built no features for ${symbol}`)
    if (c.samples.train.end1h.length !== n) throw new Error(`bench: ${symbol} has ${c.samples.train.end1h.length} training samples in the page, ${n} in Node`)
    return { ...c, samples: { ...c.samples, val: firstSamples(c.samples.val, plan.valPerCoin[symbol] ?? 0) } }
  })
}

/**
 * Mean ms per timed epoch by part; the step split into Adam and the rest by the profiled step's share. `between`:
 * ms per epoch outside the epochs' own times (the per-epoch state checkpoint), counted as checkpoint.
 */
function breakdown(logs: readonly EpochLog[], adamShare: number, between: number): FitBreakdown {
  const mean = (f: (l: EpochLog) => number) => logs.reduce((s, l) => s + f(l), 0) / logs.length
  const part = (k: keyof NonNullable<EpochLog['times']>) => mean((l) => l.times?.[k] ?? 0)
  const step = part('step')
  const b = {
    gather: part('gather'), forwardBackward: step * (1 - adamShare), optimizer: step * adamShare,
    validation: part('validation'), messaging: part('messaging'), checkpoint: part('checkpoint') + between,
  }
  return { ...b, other: mean((l) => l.ms) + between - Object.values(b).reduce((s, v) => s + v, 0) }
}

/** One run in the studio's training worker, as the Train cell starts it; resolves with its epoch logs. */
function trainRun(coins: CoinFeatures[], plan: FitPlan): Promise<{ logs: EpochLog[]; at: number[]; lstmThreads: number }> {
  return new Promise((resolve, reject) => {
    const logs: EpochLog[] = []
    // When each epoch's message arrived: the wall clock the epochs' own times leave out is between these.
    const at: number[] = []
    let lstmThreads = 1
    const session = new TrainSession((e) => {
      if (e.type === 'backend') lstmThreads = e.lstmThreads
      else if (e.type === 'epoch') {
        logs.push(e.log)
        at.push(performance.now())
      }
      else if (e.type === 'notice') console.info(`bench: train notice: ${e.message}`)
      else if (e.type === 'done' || e.type === 'error') {
        session.terminate()
        if (e.type === 'error') reject(new Error(e.message))
        else resolve({ logs, at, lstmThreads })
      }
    })
    // A run of its own: the worker checkpoints it after each epoch, as the Train cell's runs are.
    session.start({ model: SEED_MODEL, train: plan.train, backend: 'wasm', runId: `bench-fit-${Date.now().toString(36)}`, key: 'bench' }, coins)
  })
}
