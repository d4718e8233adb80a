/**
 * Training speed of the seed-shaped stack on the tfjs cpu backend in Node, stock vs fused LSTM:
 * x [B, 60, 24] → LSTM(64, sequences) → LSTM(32) → Dense(1), MSE, Adam(1e-3).
 *
 *   npx tsx scripts/bench-lstm.ts [--batch 32,256] [--kinds stock,fused-js,fused] [--seconds 5]
 *
 * Kinds: stock = tf.layers.lstm; fused-js = FusedLSTM with the wasm SIMD kernels switched off
 * (plain JS loops, what engines without wasm SIMD get); fused = FusedLSTM as shipped.
 * Prints samples/s, ms per step, kernels per step and, for the fused kinds, how much of a
 * profiled step the FusedLstm and FusedLstmGrad kernels take, next to the PyTorch reference.
 */
import * as tf from '@tensorflow/tfjs'
import { setSimdEnabled } from '../src/kernels/wasm/simdKernels'
import { twoLstmModel } from '../src/model/lstmKinds'
import { arg } from './args'

type Kind = 'stock' | 'fused-js' | 'fused'

/** PyTorch, one thread, OpenBLAS, same model, batch 32, on the team's 2-core machine (issue text). */
const PYTORCH_SAMPLES_PER_S = 990
const TIME = 60, FEATURES = 24

interface Result { kind: Kind; batch: number; samplesPerS: number; msPerStep: number; kernels: number; split: string }

async function bench(kind: Kind, batch: number, seconds: number): Promise<Result> {
  setSimdEnabled(kind !== 'fused-js')
  const model = twoLstmModel(kind === 'stock' ? 'stock' : 'fused', TIME, FEATURES, 64, 32, 1)
  const x = tf.randomNormal([batch, TIME, FEATURES], 0, 1, 'float32', 2)
  const y = tf.randomNormal([batch, 1], 0, 1, 'float32', 3)
  const opt = tf.train.adam(1e-3)
  const step = (): void => {
    const loss = opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)
    loss!.dataSync() // wait for the step as a training loop reading the loss would
    loss!.dispose()
  }
  step() // warm-up: Adam's slots, JIT
  const p0 = performance.now()
  const profile = await tf.profile(step)
  const profiledMs = performance.now() - p0
  const kernelMs = (name: string) =>
    profile.kernels.filter((k) => k.name === name).reduce((sum, k) => sum + Number(k.kernelTimeMs), 0)
  const fwd = kernelMs('FusedLstm'), bwd = kernelMs('FusedLstmGrad')
  let steps = 0
  const t0 = performance.now()
  do {
    step()
    steps++
  } while (performance.now() - t0 < seconds * 1000)
  const ms = (performance.now() - t0) / steps
  tf.dispose([x, y])
  opt.dispose()
  model.dispose()
  // The profiler reads every kernel's output, so the profiled step is slower than a timed one.
  const split = kind === 'stock' ? '' :
    `profiled step ${profiledMs.toFixed(1)} ms: FusedLstm ${fwd.toFixed(1)}, FusedLstmGrad ${bwd.toFixed(1)}, ` +
    `everything else ${(profiledMs - fwd - bwd).toFixed(1)}`
  return { kind, batch, samplesPerS: (batch * 1000) / ms, msPerStep: ms, kernels: profile.kernels.length, split }
}

async function main(): Promise<void> {
  await tf.setBackend('cpu')
  const batches = arg('batch', '32,256').split(',').map(Number)
  const kinds = arg('kinds', 'stock,fused-js,fused').split(',') as Kind[]
  const seconds = Number(arg('seconds', '5'))
  console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, node ${process.version}; x [B, ${TIME}, ${FEATURES}] → LSTM(64) → LSTM(32) → Dense(1)`)
  const results: Result[] = []
  for (const batch of batches) {
    for (const kind of kinds) {
      // Stock steps take seconds each: one timed step is enough to see the order of magnitude.
      const r = await bench(kind, batch, kind === 'stock' ? 0 : seconds)
      results.push(r)
      console.log(
        `${kind.padEnd(8)} batch ${String(batch).padStart(3)}: ${r.samplesPerS.toFixed(1).padStart(7)} samples/s, ` +
          `${r.msPerStep.toFixed(1).padStart(8)} ms/step, ${String(r.kernels).padStart(6)} kernels/step` +
          (r.split ? `  [${r.split}]` : ''),
      )
    }
    const stock = results.find((r) => r.kind === 'stock' && r.batch === batch)
    const fused = results.find((r) => r.kind === 'fused' && r.batch === batch)
    const js = results.find((r) => r.kind === 'fused-js' && r.batch === batch)
    for (const r of [js, fused]) {
      if (r && stock) console.log(`           batch ${batch}: ${r.kind} / stock = ${(r.samplesPerS / stock.samplesPerS).toFixed(1)}×`)
      if (r && batch === 32) {
        console.log(`           batch 32: ${r.kind} / PyTorch reference (${PYTORCH_SAMPLES_PER_S} samples/s) = ${(r.samplesPerS / PYTORCH_SAMPLES_PER_S).toFixed(2)}×`)
      }
    }
  }
}

await main()
