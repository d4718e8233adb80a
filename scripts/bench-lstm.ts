/**
 * Training speed of the seed-shaped stack on the tfjs cpu backend in Node, stock vs fused LSTM:
 * x [B, 60, 24] → LSTM(64, sequences) → LSTM(32) → Dense(1), MSE, Adam(1e-3).
 *
 *   npx tsx scripts/bench-lstm.ts [--batch 32,256] [--kinds stock,fused] [--seconds 5]
 *
 * Prints samples/s, ms per step, kernels per step, and for the fused model the split of kernel
 * time between FusedLstm, FusedLstmGrad and everything else, next to the PyTorch reference.
 */
import * as tf from '@tensorflow/tfjs'
import { twoLstmModel, type LstmKind } from '../src/model/testing'

/** PyTorch, one thread, OpenBLAS, same model, batch 32, on the team's 2-core machine (issue text). */
const PYTORCH_SAMPLES_PER_S = 990
const TIME = 60, FEATURES = 24

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback
}

interface Result { kind: LstmKind; batch: number; samplesPerS: number; msPerStep: number; kernels: number; split: string }

async function bench(kind: LstmKind, batch: number, seconds: number): Promise<Result> {
  const model = twoLstmModel(kind, TIME, FEATURES, 64, 32, 1)
  const x = tf.randomNormal([batch, TIME, FEATURES], 0, 1, 'float32', 2)
  const y = tf.randomNormal([batch, 1], 0, 1, 'float32', 3)
  const opt = tf.train.adam(1e-3)
  const step = (): void => {
    const loss = opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)
    loss!.dataSync() // wait for the step as a training loop reading the loss would
    loss!.dispose()
  }
  step() // warm-up: Adam's slots, JIT
  const profile = await tf.profile(step)
  const byName = new Map<string, number>()
  for (const k of profile.kernels) {
    const name = k.name === 'FusedLstm' || k.name === 'FusedLstmGrad' ? k.name : 'other'
    byName.set(name, (byName.get(name) ?? 0) + Number(k.kernelTimeMs))
  }
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
  const split = kind === 'fused' ? [...byName].map(([n, t]) => `${n} ${t.toFixed(1)} ms`).join(', ') : ''
  return { kind, batch, samplesPerS: (batch * 1000) / ms, msPerStep: ms, kernels: profile.kernels.length, split }
}

async function main(): Promise<void> {
  await tf.setBackend('cpu')
  const batches = arg('batch', '32,256').split(',').map(Number)
  const kinds = arg('kinds', 'stock,fused').split(',') as LstmKind[]
  const seconds = Number(arg('seconds', '5'))
  console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, node ${process.version}; x [B, ${TIME}, ${FEATURES}] → LSTM(64) → LSTM(32) → Dense(1)`)
  const results: Result[] = []
  for (const batch of batches) {
    for (const kind of kinds) {
      // Stock steps take seconds each: one timed step is enough to see the order of magnitude.
      const r = await bench(kind, batch, kind === 'stock' ? 0 : seconds)
      results.push(r)
      console.log(
        `${kind.padEnd(5)} batch ${String(batch).padStart(3)}: ${r.samplesPerS.toFixed(1).padStart(7)} samples/s, ` +
          `${r.msPerStep.toFixed(1).padStart(8)} ms/step, ${String(r.kernels).padStart(6)} kernels/step` +
          (r.split ? `  [profiled step: ${r.split}]` : ''),
      )
    }
    const stock = results.find((r) => r.kind === 'stock' && r.batch === batch)
    const fused = results.find((r) => r.kind === 'fused' && r.batch === batch)
    if (stock && fused) console.log(`        batch ${batch}: fused / stock = ${(fused.samplesPerS / stock.samplesPerS).toFixed(1)}×`)
    if (fused && batch === 32) {
      console.log(`        batch 32: fused / PyTorch reference (${PYTORCH_SAMPLES_PER_S} samples/s) = ${(fused.samplesPerS / PYTORCH_SAMPLES_PER_S).toFixed(2)}×`)
    }
  }
}

await main()
