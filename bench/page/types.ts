/** Bench tasks' options and results: plain data, shared by the page (bench/page) and the Node script (scripts/bench.ts). */
import type { BackendName } from '../../src/workers/backends'
import type { ModelConfig } from '../../src/model/types'

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
