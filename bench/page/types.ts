/** Bench tasks' options and results: plain data, shared by the page (bench/page) and the Node script (scripts/bench.ts). */
import type { BackendName } from '../../src/workers/backends'
import type { ModelConfig } from '../../src/model/types'
import type { TrainConfig } from '../../src/train/config'

export interface TrainBenchOptions {
  /** Tried in this order, each forced; one that fails to start is skipped with the reason. */
  backends: BackendName[]
  batches: number[]
  /** Timed steps run for at least this long (s) and at least `minSteps` steps... */
  seconds: number
  minSteps: number
  /** ...but a row stops after this long (s) of timed steps once one is done: stock LSTM takes seconds a step. */
  maxSeconds: number
  /** Also time the forward pass alone (training: false), as validation runs it. */
  forward?: boolean
}

export const TRAIN_BENCH_DEFAULTS: TrainBenchOptions = {
  backends: ['cpu', 'wasm', 'webgl', 'webgpu'], batches: [32, 256], seconds: 4, minSteps: 3, maxSeconds: 20,
}

/** Where a profiled step's kernel time went: one kernel name, summed over its launches. */
export interface KernelTime {
  name: string
  /** Launches in the step. */
  count: number
  /** Summed kernel time (ms), as the backend's timer reports it. */
  ms: number
}

export interface TrainBenchRow {
  backend: BackendName
  lstm: ModelConfig['lstm']
  /** Threads the LSTM ran on: more than 1 with the fused LSTM's helper threads (cpu, wasm); everything else runs on one. */
  threads: number
  /** Lanes the fused LSTM split each batch into (cpu, wasm). */
  lanes: number
  batch: number
  samplesPerSec: number
  /** Kernels `tf.profile` lists for one training step (forward, backward, Adam). */
  kernelsPerStep: number
  /** Most bytes held in tensors during the profiled step: weights, Adam slots, inputs and activations. */
  peakBytes: number
  /** Timed steps behind samplesPerSec. */
  steps: number
  /** Wall time of the profiled step (ms): slower than a timed one, the profiler times each kernel alone. */
  profiledMs: number
  /** The profiled step's kernels by time, longest first (at most 6). */
  topKernels: KernelTime[]
  /** The profiled step's FusedAdam kernel time (ms). */
  adamMs: number
  /** With `forward`: samples/s of the forward pass alone (no dropout, no gradients), as validation runs it. */
  forwardSamplesPerSec?: number
  /** Tensors still alive after the row disposed everything it made (0 when nothing leaks); set by the caller. */
  leakedTensors: number
}

export interface TrainBenchResult {
  tfjs: string
  features: number
  window: number
  rows: TrainBenchRow[]
  /** Backends that did not start, and why. */
  skipped: { backend: BackendName; reason: string }[]
  /** Backends that ran but deserve a caveat, e.g. a software GPU. */
  notes: { backend: BackendName; note: string }[]
}

/** One fit-loop measurement, planned by scripts/benchFit.ts: the same coins, windows and batches PyTorch gets. */
export interface FitPlan {
  /** The preset whose data (coins, features) it trains on. */
  preset: string
  /** The run's training settings: the preset's, at a fixed batch size, batches per epoch and epoch count. */
  train: TrainConfig
  /** Training samples per coin the page must find (the proof that it built the same windows as Node). */
  trainPerCoin: Record<string, number>
  /** Validation samples per coin kept: as many, relative to an epoch's training samples, as the preset's real epoch has. */
  valPerCoin: Record<string, number>
  /** Epochs not timed at the start (shader compiles, wasm instantiation, Adam's slots). */
  warmupEpochs: number
}

/** A step row of the fused LSTM on wasm, run in a worker (bench/page/step.worker.ts). */
export interface StepRequest {
  batch: number
  features: number
  window: number
  options: TrainBenchOptions
  /** Most threads (default: every helper); lanes (default DEFAULT_LANES). */
  threads?: number
  lanes?: number
}

/** `bench -- lanes`: rounds of the same configurations one after another, so a load that drifts hits them alike. */
export interface LanesBenchOptions {
  batches: number[]
  configs: { threads: number; lanes: number }[]
  rounds: number
  /** Timed seconds per row. */
  seconds: number
}

export interface LanesBenchResult {
  /** Threads the worker could run on. */
  threads: number
  /** samplesPerSec[round][batch index][config index]. */
  samplesPerSec: number[][][]
}

export interface FitBenchOptions {
  plans: FitPlan[]
  /** The step benchmark's settings for the step rate beside each fit row. */
  step: TrainBenchOptions
}

/** Where the timed epochs' wall time went, ms per epoch. */
export interface FitBreakdown {
  gather: number
  /** Forward and backward: the step less `optimizer`. */
  forwardBackward: number
  /** Adam's share of the step, estimated from the profiled step's kernel times (FusedAdam). */
  optimizer: number
  validation: number
  messaging: number
  checkpoint: number
  /** The epoch's wall time outside every part above: the loop's own bookkeeping. */
  other: number
}

export interface FitBenchRow {
  preset: string
  batch: number
  /** Training samples of the timed epochs over their whole wall time (validation and checkpoints included). */
  samplesPerSec: number
  /** The step benchmark (random inputs, the same model and feature count) at the same batch, in the same run: the mean of `stepRuns`. */
  stepSamplesPerSec: number
  /** The step benchmark right before the loop and right after it. */
  stepRuns: [number, number]
  /** The same benchmark's forward pass alone, as validation runs it: the mean of its runs before and after the loop. */
  forwardSamplesPerSec: number
  breakdown: FitBreakdown
  /** Threads the fused LSTM ran on in the training worker. */
  lstmThreads: number
  epochs: number
  samplesPerEpoch: number
  valSamples: number
}

export interface FitBenchResult {
  tfjs: string
  features: number
  rows: FitBenchRow[]
}
