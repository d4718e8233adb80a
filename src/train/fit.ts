import * as tf from '@tensorflow/tfjs'
import type { CoinFeatures, Split } from '../features/types'
import type { HeadConfig } from '../model/types'
import { pinballLoss, weightedMse } from '../model/losses'
import { seededRng } from '../util/rng'
import { gatherBatch, listSamples, shuffle, type SampleList } from './batches'
import { EarlyStopping, ReduceLROnPlateau } from './callbacks'
import type { TrainConfig } from './config'
import { fusedAdam } from '../kernels/adam/fusedAdam'
import { captureTraining, restoreTraining, saveWeights, loadTensors, type EpochLog, type EpochTimes, type FitState } from './fitState'

export type { EpochLog, EpochTimes, FitState } from './fitState'

export interface BatchLog {
  epoch: number
  batch: number
  batches: number
  loss: number
  samplesPerSec: number
}

export type StopReason = 'epochs' | 'early-stopping' | 'stopped' | 'non-finite loss'

export interface FitResult {
  history: EpochLog[]
  bestEpoch: number
  bestValLoss: number
  stopReason: StopReason
}

export interface FitHooks {
  onBatch?(b: BatchLog): void
  onEpoch?(e: EpochLog): void | Promise<void>
  /** A new best epoch: its weights, for a checkpoint. The tensors are owned by fit; copy what you keep. */
  onBest?(epoch: number, weights: tf.Tensor[]): void | Promise<void>
  /** The state after each epoch: a checkpoint to resume from exactly (weights, Adam, counters, shuffle, history). */
  onState?(s: FitState): void | Promise<void>
  /** Resolves when training may go on (Pause holds it); called between batches. */
  gate?(): Promise<void>
  /** True once the user pressed Stop. */
  stopped?(): boolean
}

export function lossFor(head: HeadConfig): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar {
  return head.kind === 'quantiles'
    ? (y, p) => pinballLoss(head.quantiles, y, p)
    : (y, p) => weightedMse(head.threshold, head.weight, y, p)
}

/** A batch as tensors; the caller disposes x and y. */
function toTensors(coins: readonly CoinFeatures[], split: Split, list: SampleList, from: number, to: number) {
  const w = coins[0]!.window
  const b = gatherBatch(coins, split, list, from, to, w)
  return {
    x: [tf.tensor3d(b.h1, [b.n, w, coins[0]!.h1.features]), tf.tensor3d(b.m15, [b.n, w, coins[0]!.m15.features])],
    y: tf.tensor2d(b.y, [b.n, 1]),
    n: b.n,
  }
}

/** Mean loss over a split, in batches of 256, no dropout. */
export async function evaluateLoss(model: tf.LayersModel, coins: readonly CoinFeatures[], split: Split, head: HeadConfig): Promise<number> {
  const list = listSamples(coins, split)
  const loss = lossFor(head)
  let sum = 0
  for (let from = 0; from < list.coin.length; from += 256) {
    const to = Math.min(list.coin.length, from + 256)
    const t = toTensors(coins, split, list, from, to)
    const l = tf.tidy(() => loss(t.y, model.apply(t.x, { training: false }) as tf.Tensor))
    sum += (await l.data())[0]! * t.n
    tf.dispose([...t.x, t.y, l])
  }
  return sum / Math.max(1, list.coin.length)
}

/**
 * Trains with Adam (FusedAdam: tfjs's math, one kernel a step on cpu and wasm) on shuffled batches of the
 * training split, EarlyStopping and ReduceLROnPlateau on the validation loss, and restores the best epoch's
 * weights at the end — also after Stop or a non-finite loss. With `resume`, a state `onState` gave, it goes on from
 * that epoch exactly as if it had never stopped.
 */
export async function fit(model: tf.LayersModel, coins: readonly CoinFeatures[], head: HeadConfig, cfg: TrainConfig, hooks: FitHooks = {}, resume?: FitState): Promise<FitResult> {
  const optimizer = fusedAdam(cfg.learningRate, 0.9, 0.999, cfg.epsilon)
  const loss = lossFor(head)
  const rng = seededRng(cfg.seed)
  const train = listSamples(coins, 'train')
  const early = new EarlyStopping(cfg.patience)
  const plateau = new ReduceLROnPlateau(cfg.plateau.factor, cfg.plateau.patience, cfg.plateau.minLr)
  const history: EpochLog[] = [...(resume?.history ?? [])]
  let lr = resume?.lr ?? cfg.learningRate
  let best: tf.Tensor[] | undefined
  let stopReason: StopReason = 'epochs'
  const batches = Math.min(Math.ceil(train.coin.length / cfg.batchSize), cfg.maxBatchesPerEpoch > 0 ? cfg.maxBatchesPerEpoch : Infinity)
  try {
    if (resume) {
      await restoreTraining(model, optimizer, resume)
      early.state = resume.early
      plateau.state = resume.plateau
      if (resume.best) best = loadTensors(resume.best)
      // each epoch shuffles the previous epoch's order: replaying the draws puts the list where it was
      for (let i = 0; i < resume.shuffles; i++) shuffle(train, rng)
    }
    epochs: for (let epoch = resume?.epoch ?? 0; epoch < cfg.epochs; epoch++) {
      const t0 = performance.now()
      shuffle(train, rng)
      optimizer.learningRate = lr
      let sum = 0, seen = 0
      const times: EpochTimes = { gather: 0, step: 0, validation: 0, messaging: 0, checkpoint: 0 }
      let mark = performance.now()
      const lap = (part: keyof EpochTimes) => {
        const now = performance.now()
        times[part] += now - mark
        mark = now
      }
      const batchAt = (bi: number) => toTensors(coins, 'train', train, bi * cfg.batchSize, Math.min(train.coin.length, (bi + 1) * cfg.batchSize))
      // The next batch is gathered while this one's step runs where the step is asynchronous (a GPU): it is
      // made after the step is queued and before its loss is read back. Whoever leaves the loop early drops it.
      let t: ReturnType<typeof batchAt> | undefined
      const drop = () => t && tf.dispose([...t.x, t.y])
      for (let bi = 0; bi < batches; bi++) {
        await hooks.gate?.()
        lap('messaging')
        if (hooks.stopped?.()) {
          drop()
          stopReason = 'stopped'
          break epochs
        }
        const b = (t ??= batchAt(bi))
        lap('gather')
        const cost = optimizer.minimize(() => loss(b.y, model.apply(b.x, { training: true }) as tf.Tensor), true)!
        lap('step')
        t = bi + 1 < batches ? batchAt(bi + 1) : undefined
        lap('gather')
        const value = (await cost.data())[0]!
        tf.dispose([...b.x, b.y, cost])
        lap('step')
        if (!Number.isFinite(value)) {
          drop()
          stopReason = 'non-finite loss'
          break epochs
        }
        sum += value * b.n
        seen += b.n
        hooks.onBatch?.({ epoch, batch: bi + 1, batches, loss: value, samplesPerSec: (seen / (performance.now() - t0)) * 1000 })
        lap('messaging')
      }
      const valLoss = await evaluateLoss(model, coins, 'val', head)
      lap('validation')
      const verdict = early.update(epoch, valLoss)
      if (verdict.improved) {
        tf.dispose(best ?? [])
        best = model.getWeights().map((w) => w.clone())
        await hooks.onBest?.(epoch, best)
      }
      lap('checkpoint')
      const log: EpochLog = { epoch, loss: sum / seen, valLoss, lr, ms: performance.now() - t0, numTensors: tf.memory().numTensors, times }
      history.push(log)
      await hooks.onEpoch?.(log)
      if (!Number.isFinite(valLoss)) {
        stopReason = 'non-finite loss'
        break
      }
      if (verdict.stop) {
        stopReason = 'early-stopping'
        break
      }
      lr = plateau.update(valLoss, lr)
      await hooks.onState?.({
        epoch: epoch + 1, lr, early: early.state, plateau: plateau.state, shuffles: epoch + 1,
        best: best && saveWeights(best), history: [...history], ...(await captureTraining(model, optimizer)),
      })
    }
  } finally {
    if (best) model.setWeights(best)
    tf.dispose(best ?? [])
    optimizer.dispose()
  }
  return { history, bestEpoch: early.bestEpoch, bestValLoss: early.best, stopReason }
}
