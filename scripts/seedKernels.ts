import { Worker } from 'node:worker_threads'

/**
 * The seed network's fused-LSTM and Conv1D shapes at batch B (13 features a stream, window 60; the 15m stream's LSTMs
 * see 56 steps after its two valid convolutions), and the deterministic operands the kernel scripts fill them with —
 * shared by scripts/ab-kernels.ts and scripts/lstm-breakdown.ts, so both time the same work; and the Node helper
 * threads those two and scripts/loop-vs-step.ts start.
 */
export interface SeedLstmLayer {
  s: { batch: number; time: number; inputDim: number; units: number }
  /** returnSequences: whether the layer hands its whole output sequence on. */
  seq: boolean
  /** Whether its input gradient is wanted (every layer but the first). */
  dx: boolean
}

export function seedLstmLayers(B: number): SeedLstmLayer[] {
  return [
    { s: { batch: B, time: 60, inputDim: 13, units: 64 }, seq: true, dx: false },
    { s: { batch: B, time: 60, inputDim: 64, units: 32 }, seq: false, dx: true },
    { s: { batch: B, time: 56, inputDim: 16, units: 32 }, seq: true, dx: true },
    { s: { batch: B, time: 56, inputDim: 32, units: 16 }, seq: false, dx: true },
  ]
}

/** [input width, in channels, out channels, input gradient wanted] of the seed's Conv1D layers (kernel 3). */
export const SEED_CONVS = [[60, 13, 32, false], [58, 32, 16, true]] as const

/** n values in ±0.1 from a linear congruential generator: the same operands on every run and in every checkout. */
export function lcgValues(n: number, seed: number): Float32Array {
  const a = new Float32Array(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    a[i] = (x / 2147483648 - 0.5) * 0.2
  }
  return a
}

/** A layer's operands: input, output, upstream gradient, weights and gradient buffers, filled by lcgValues. */
export function layerOperands({ s, seq, dx }: SeedLstmLayer) {
  const G = 4 * s.units, rows = s.batch * (seq ? s.time : 1) * s.units
  return {
    s, seq, x: lcgValues(s.batch * s.time * s.inputDim, 1), y: new Float32Array(rows), dy: lcgValues(rows, 5),
    w: { kernel: lcgValues(s.inputDim * G, 2), recurrentKernel: lcgValues(s.units * G, 3), bias: lcgValues(G, 4) },
    grads: {
      dx: dx ? new Float32Array(s.batch * s.time * s.inputDim) : undefined, dKernel: new Float32Array(s.inputDim * G),
      dRecurrentKernel: new Float32Array(s.units * G), dBias: new Float32Array(G),
    },
  }
}

/**
 * Starts `count` LSTM helper threads in Node for the kernels of the checkout whose `src/kernels` is `kernelsDir`:
 * Node's worker_threads standing in for the page's helper workers, each adopted by that checkout's lstmThreads.ts.
 */
export async function startNodeHelpers(kernelsDir: string, count: number): Promise<void> {
  const simdKernels = await import(`${kernelsDir}/wasm/simdKernels.ts`)
  const helpers = await import(`${kernelsDir}/lstm/threads/lstmThreads.ts`)
  const k = simdKernels.simd()
  if (k === null) throw new Error(`no wasm SIMD for the kernels in ${kernelsDir}`)
  for (let t = 0; t < count; t++) {
    const ctrl = new Int32Array(new SharedArrayBuffer(helpers.CONTROL_INTS * 4))
    const entry = `${kernelsDir}/lstm/threads/lstmThreads.testWorker.ts`
    const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)})`, { eval: true })
    worker.postMessage({ module: k.module, memory: k.memory, ctrl, fma: k.fma, failNext: new Int32Array(new SharedArrayBuffer(4)) })
    await new Promise((done) => worker.once('message', done))
    helpers.adoptHelper(worker, ctrl)
    worker.unref()
  }
}
