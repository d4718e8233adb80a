/**
 * Whether the Train cell's loop costs anything per step beyond the step itself, with the browser taken out: the real
 * `fit()` (src/train/fit.ts — batches gathered from the bundled coins' features, dropout, validation, callbacks) in
 * Node on the tfjs wasm backend with the fused LSTM and its helper threads, and after each of its epochs, in the same
 * process, as many of the step benchmark's own steps (bench/page/seedStep.ts: one fixed batch of random inputs, a model
 * of its own). Prints per epoch the loop's ms a step (its `step` time over its batches) beside the benchmark's.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx scripts/loop-vs-step.ts [--batch 32] [--preset full] [--epochs 6] [--threads 2]
 *
 * Node's tfjs wasm backend is not the page's (no SIMD build here), so its ms are not the page's; the comparison is
 * within one process. The first epoch is the loop's warm-up (a new model's first steps).
 */
import { resolve } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { PRESETS } from '../src/config/presets'
import { registerKernels, registerWasmIdentity } from '../src/kernels'
import { buildModel } from '../src/model/build'
import { SEED_MODEL } from '../src/model/presets'
import { fit } from '../src/train/fit'
import { seedStep } from '../bench/page/seedStep'
import { bundledFeatures } from './benchFit'
import { startNodeHelpers } from './seedKernels'
import { arg } from './args'

async function main(): Promise<void> {
  const batch = Number(arg('batch', '32')), epochs = Number(arg('epochs', '6')), threads = Number(arg('threads', '2'))
  const preset = PRESETS[arg('preset', 'full') as 'quick' | 'full']
  if (!preset) throw new Error('loop-vs-step: --preset is quick or full')
  registerKernels()
  await tf.setBackend('wasm')
  registerWasmIdentity()
  await startNodeHelpers(resolve('src/kernels'), threads - 1)
  const all = await bundledFeatures()
  const coins = preset.train.coins.length ? all.filter((c) => preset.train.coins.includes(c.symbol)) : all
  const c = coins[0]!
  const io = { window: c.window, h1Features: c.h1.features, m15Features: c.m15.features }
  const batches = Math.round(4096 / batch)

  // The step benchmark's own step (bench/page/seedStep.ts): a model, Adam and fixed random batch of its own.
  const bench = seedStep('fused', batch, io, 'loop-vs-step')
  const benchSteps = async (n: number) => {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await bench.step()
    return (performance.now() - t0) / n
  }
  await benchSteps(10) // warm-up

  console.log(`loop-vs-step: ${coins.length} coins, ${c.h1.features} features a stream, batch ${batch}, ${batches} batches an epoch, fused LSTM on ${threads} thread(s), wasm in Node`)
  const trained = buildModel({ ...SEED_MODEL, lstm: 'fused' }, io, 1)
  const cfg = { ...preset.train, batchSize: batch, maxBatchesPerEpoch: batches, epochs, patience: epochs + 1, plateau: { ...preset.train.plateau, patience: epochs + 1 } }
  await fit(trained, coins, SEED_MODEL.head, cfg, {
    onEpoch: async (log) => {
      const loopMs = log.times!.step / batches
      const benchMs = await benchSteps(batches)
      console.log(`epoch ${log.epoch + 1}${log.epoch === 0 ? ' (warm-up)' : ''}: the loop ${loopMs.toFixed(2)} ms a step (gathering ${(log.times!.gather / batches).toFixed(2)} more), the step benchmark right after ${benchMs.toFixed(2)}: loop / benchmark ${(loopMs / benchMs).toFixed(3)}`)
    },
  })
  bench.dispose()
  process.exit(0)
}

void main()
