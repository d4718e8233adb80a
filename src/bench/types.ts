/** Bench tasks' options and results: plain data, shared by the page (src/bench) and the Node script (scripts/bench.ts). */
import type { BackendName } from '../workers/backends'
import type { ModelConfig } from '../model/config'

export interface TrainBenchOptions {
  /** Tried in this order, each forced; one that fails to start is skipped with the reason. */
  backends: BackendName[]
  batches: number[]
  /** Timed steps run for at least this long (s) and at least `minSteps` steps... */
  seconds: number
  minSteps: number
  /** ...but a row stops after this long (s) of timed steps once one is done: stock LSTM takes seconds a step. */
  maxSeconds: number
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
  /** Threads the LSTM ran on: 2 with the fused LSTM's helper thread (cpu, wasm), else 1; everything else runs on one. */
  threads: 1 | 2
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

/** The lstm-check task: FusedLSTM against the stock layer on one backend (src/bench/lstmCheck.ts). */
export interface LstmCheckOptions {
  backend: BackendName
  /** Sizes of the layer cases and of the scaled-down seed network: B, T, features per bar. */
  batch: number
  time: number
  features: number
  /** Training steps compared (the second is profiled). */
  steps: number
}

export const LSTM_CHECK_DEFAULTS: LstmCheckOptions = { backend: 'webgpu', batch: 4, time: 12, features: 13, steps: 2 }

export interface LstmCheckCase {
  /** Shape and mode, e.g. "B4 T12 D13 H8 sequences". */
  name: string
  /** max |fused − stock| / max |stock| for y, dx, dKernel, dRecurrentKernel, dBias. */
  errors: Record<string, number>
}

export interface LstmCheckResult {
  backend: BackendName
  /** Threads the fused LSTM ran on by default (2 with its helper thread on cpu and wasm). */
  lstmThreads: 1 | 2
  /** With a helper: whether every fused output, gradient and training loss on two threads equals one thread's, bit for bit; null without. */
  threadsIdentical: boolean | null
  /** Whether FusedAdam is one kernel on this backend (cpu, wasm, webgpu), and its largest relative difference from tf.train.adam over three steps. */
  adamKernel: boolean
  adamRelDiff: number
  /** Lane jobs the helper thread ran during the check. */
  helperJobs: number
  cases: LstmCheckCase[]
  stockLosses: number[]
  fusedLosses: number[]
  /** Largest |fused − stock| / |stock| over the steps' losses. */
  lossRelDiff: number
  /** Kernels `tf.profile` lists for the second training step. */
  fusedKernelsPerStep: number
  stockKernelsPerStep: number
  /** Tensors alive after the check that were not before (0 when nothing leaks). */
  leakedTensors: number
}
