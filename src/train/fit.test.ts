import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundledPair } from '../data/testing'
import { buildCoinFeatures } from '../features/pipeline'
import { SEED_FEATURES } from '../features/spec'
import type { CoinFeatures } from '../features/types'
import { firstSamples } from '../features/windows'
import { buildModel } from '../model/build'
import { SEED_MODEL } from '../model/presets'
import type { ModelConfig } from '../model/types'
import { QUICK_TRAIN, type TrainConfig } from './config'
import { evaluateLoss, fit, type FitState } from './fit'

// A tiny network on real features (LINK, short windows) so the CPU backend trains it in seconds.
// The seed's features and raw targets: the losses quoted below are of raw log returns.
const features = { ...SEED_FEATURES, window: 12 }
const tiny: ModelConfig = { ...SEED_MODEL, h1Lstm: [6], m15Conv: [4], m15Lstm: [4], dense: [6] }
const cfg: TrainConfig = { ...QUICK_TRAIN, epochs: 4, batchSize: 32, maxBatchesPerEpoch: 8, coins: [] }
let coins: CoinFeatures[]

beforeAll(async () => {
  await tf.setBackend('cpu')
  const [h1, m15] = await bundledPair('LINKUSDT')
  const c = buildCoinFeatures('LINKUSDT', h1!.candles, m15!.candles, features)
  // a validation split of 300 samples keeps each epoch's evaluation short
  coins = [{ ...c, samples: { ...c.samples, val: firstSamples(c.samples.val, 300) } }]
})

async function run(seed: number, c: TrainConfig = cfg) {
  const model = buildModel(tiny, { window: 12, h1Features: coins[0]!.h1.features, m15Features: coins[0]!.m15.features }, seed)
  const r = await fit(model, coins, tiny.head, { ...c, seed })
  return { model, r }
}

describe('fit', () => {
  it('repeats exactly with the same seed, and differs with another', async () => {
    const a = await run(7)
    const b = await run(7)
    const c = await run(8)
    expect(b.r.history.map((h) => [h.loss, h.valLoss])).toEqual(a.r.history.map((h) => [h.loss, h.valLoss]))
    expect(c.r.history[0]!.loss).not.toBe(a.r.history[0]!.loss)
    for (const m of [a, b, c]) m.model.dispose()
  }, 60_000)

  it('leaks no tensors, checkpoints included: the count is the same at the end of every epoch', async () => {
    const model = buildModel(tiny, { window: 12, h1Features: coins[0]!.h1.features, m15Features: coins[0]!.m15.features }, 3)
    const states: FitState[] = []
    const r = await fit(model, coins, tiny.head, { ...cfg, seed: 3 }, { onState: (s) => void states.push(s) })
    expect(states).toHaveLength(cfg.epochs)
    const counts = r.history.map((h) => h.numTensors)
    expect(new Set(counts).size).toBe(1)
    model.dispose()
  }, 60_000)

  it('says where each epoch\'s time went: every part measured, together no more than the epoch', async () => {
    const { model, r } = await run(3, { ...cfg, epochs: 2 })
    for (const h of r.history) {
      const t = h.times!
      for (const part of ['gather', 'step', 'validation', 'messaging', 'checkpoint'] as const) expect(t[part], part).toBeGreaterThanOrEqual(0)
      // the steps and the validation do real work; gathering 8 small batches is not free either
      expect(t.step).toBeGreaterThan(0)
      expect(t.validation).toBeGreaterThan(0)
      expect(t.gather).toBeGreaterThan(0)
      const sum = t.gather + t.step + t.validation + t.messaging + t.checkpoint
      expect(sum).toBeLessThanOrEqual(h.ms + 1e-9)
      // the laps cover the epoch but for the shuffle and the loop's own bookkeeping
      expect(sum).toBeGreaterThan(0.5 * h.ms)
    }
    model.dispose()
  }, 60_000)

  it('restores the best epoch: the validation loss after fit is the best one seen', async () => {
    // at a learning rate far too high this run's validation loss rises after epoch 2 (0.014 → 0.023, 0.017),
    // so the best epoch is not the last one
    const { model, r } = await run(5, { ...cfg, learningRate: 0.3, epochs: 5, patience: 3 })
    expect(r.history.length).toBeGreaterThan(r.bestEpoch + 1)
    expect(r.bestValLoss).toBe(Math.min(...r.history.map((h) => h.valLoss)))
    expect(await evaluateLoss(model, coins, 'val', tiny.head)).toBeCloseTo(r.bestValLoss, 6)
    model.dispose()
  }, 60_000)

  it('Stop mid-epoch drops the batch gathered ahead: no tensor outlives the run', async () => {
    const before = tf.memory().numTensors
    const model = buildModel(tiny, { window: 12, h1Features: coins[0]!.h1.features, m15Features: coins[0]!.m15.features }, 1)
    let batches = 0
    const r = await fit(model, coins, tiny.head, cfg, { onBatch: () => batches++, stopped: () => batches === 3 })
    expect(r.stopReason).toBe('stopped')
    expect(batches).toBe(3)
    model.dispose()
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)

  it('stops on a non-finite loss and says so', async () => {
    const bad = coins.map((c) => ({ ...c, samples: { ...c.samples, train: { ...c.samples.train, target: c.samples.train.target.map(() => NaN) } } }))
    const model = buildModel(tiny, { window: 12, h1Features: coins[0]!.h1.features, m15Features: coins[0]!.m15.features }, 1)
    const r = await fit(model, bad, tiny.head, cfg)
    expect(r.stopReason).toBe('non-finite loss')
    expect(r.history).toEqual([])
    model.dispose()
  }, 60_000)

  it('resumes exactly: 4 epochs straight give the same weights and history as 2, a reload, and 2 more', async () => {
    // a rate so high that the validation loss turns up and the plateau halves it: the rate must be carried over
    const c = { ...cfg, epochs: 4, learningRate: 0.3, plateau: { ...cfg.plateau, patience: 1 }, seed: 11 }
    const io = { window: 12, h1Features: coins[0]!.h1.features, m15Features: coins[0]!.m15.features }
    /** Trains from `from` (or from scratch) and returns the last epoch's state: its weights are before the best are restored. */
    const train = async (from?: FitState, stopAt = Infinity) => {
      const model = buildModel(tiny, io, 11)
      let last: FitState | undefined
      const r = await fit(model, coins, tiny.head, c, { onState: (s) => void (last = s), stopped: () => (last?.epoch ?? 0) >= stopAt }, from)
      const restored = model.getWeights().map((w) => Array.from(w.dataSync()))
      model.dispose()
      return { r, last: last!, restored }
    }
    const straight = await train()
    const firstHalf = await train(undefined, 2)
    // what a reload keeps: the state as IndexedDB stores it, into a freshly built model and optimizer
    const state = structuredClone(firstHalf.last)
    expect(state.epoch).toBe(2)
    const resumed = await train(state)
    expect(straight.r.history.map((h) => h.lr)).toContain(0.15)
    expect(resumed.r.history.map((h) => [h.epoch, h.loss, h.valLoss, h.lr])).toEqual(straight.r.history.map((h) => [h.epoch, h.loss, h.valLoss, h.lr]))
    expect(resumed.r.bestEpoch).toBe(straight.r.bestEpoch)
    expect(resumed.last.weights).toEqual(straight.last.weights)
    // the moments and step (their names follow tfjs's per-model variable names, so only the numbers are compared)
    const numbers = (t: { optimizer: FitState['optimizer'] }) => [t.optimizer.accBetas, t.optimizer.weights.map((w) => w.values)]
    expect(numbers(resumed.last)).toEqual(numbers(straight.last))
    expect(resumed.restored).toEqual(straight.restored)
    // the control: the same weights with fresh Adam moments (what resuming did before) end elsewhere
    const zeroed = state.optimizer.weights.map((w) => ({ ...w, values: w.values.map(() => 0) }))
    const fresh = await train({ ...state, optimizer: { weights: zeroed, accBetas: [0.9, 0.999] } })
    expect(fresh.last.weights).not.toEqual(resumed.last.weights)
  }, 120_000)
})
