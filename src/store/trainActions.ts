import { summarizeConfig } from '../model/summary'
import type { ModelConfig } from '../model/types'
import type { TrainConfig } from '../train/config'
import { TrainSession } from '../workers/trainClient'
import type { TrainEvent } from '../workers/trainProtocol'
import type { CoinFeatures } from '../features/types'
import { cellEvent, onDatasetChange } from './actions'
import { resetEvaluation } from './evalReset'
import { runFeaturesCell, setFeaturesConfig } from './featuresActions'
import { PRESETS, type PresetName } from '../config/presets'
import { useStudio, type TrainSlice } from './store'
import { trainLive } from './trainLive'
import { yieldToPage } from '../util/yieldToPage'

const set = useStudio.setState
const get = useStudio.getState
const RUN_KEY = 'crypto-studio-training'

function patchTrain(p: Partial<TrainSlice>) {
  set((s) => ({ train: { ...s.train, ...p } }))
}

export function setModelConfig(model: ModelConfig) {
  set((s) => ({ config: { ...s.config, model } }))
  cellEvent('model', { type: 'reset' })
}

export function setTrainConfig(train: TrainConfig) {
  set((s) => ({ config: { ...s.config, train } }))
}

export function setBackend(backend: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu') {
  set((s) => ({ config: { ...s.config, backend } }))
}

/** Builds the model's summary from the config and the features' shapes; runs Features first if needed. */
export async function runModelCell(): Promise<void> {
  if (get().cells.features.status !== 'done') {
    await runFeaturesCell()
    await yieldToPage()
  }
  cellEvent('model', { type: 'start', at: Date.now() })
  const coins = get().features.coins
  if (!coins?.length) return cellEvent('model', { type: 'fail', at: Date.now(), error: 'model: run the Features cell first' })
  const c = coins[0]!
  set({ model: { summary: summarizeConfig(get().config.model, { window: c.window, h1Features: c.h1.features, m15Features: c.m15.features }) } })
  cellEvent('model', { type: 'succeed', at: Date.now() })
}

let session: TrainSession | undefined
let finished: Promise<void> = Promise.resolve()
let finish = () => {}

/** The worker that holds the trained or loaded model, if any. */
export function modelSession(): TrainSession | undefined {
  return session
}

/** Puts a worker holding a loaded model in place of the trained one; the Train cell shows where it came from. */
export function adoptLoadedModel(s: TrainSession, loaded: NonNullable<TrainSlice['loaded']>, notes: string[]): void {
  // A training run still going is replaced: its worker ends, and nobody waits for it or offers to resume it.
  session?.terminate()
  finish()
  localStorage.removeItem(RUN_KEY)
  session = s
  set((st) => ({ train: { ...st.train, history: [], result: undefined, backend: undefined, paused: false, notes, interrupted: undefined, loaded } }))
  resetEvaluation()
  cellEvent('train', { type: 'start', at: Date.now() })
  cellEvent('train', { type: 'succeed', at: Date.now() })
}

/** Sets a preset's training settings and, where they differ, its feature set, target and head. */
export function applyPreset(name: PresetName) {
  const p = PRESETS[name]
  const f = get().config.features
  setTrainConfig(p.train)
  const model = get().config.model
  if (JSON.stringify(model.head) !== JSON.stringify(p.head)) set((s) => ({ config: { ...s.config, model: { ...model, head: p.head } }, configEpoch: s.configEpoch + 1 }))
  if (JSON.stringify([f.indicators, f.target]) !== JSON.stringify([p.features.indicators, p.features.target])) {
    setFeaturesConfig({ ...f, indicators: p.features.indicators, target: p.features.target })
    set((s) => ({ configEpoch: s.configEpoch + 1 })) // the feature editor re-reads the config
  }
}

/** The coins a run trains on: the config's list where loaded, else every coin with features. */
export function trainingCoins(): { coins: CoinFeatures[]; notes: string[] } {
  const { train } = get().config
  const all = get().features.coins ?? []
  const listed = all.filter((c) => train.coins.includes(c.symbol))
  // A preset's coins may not be loaded (a user's own file): train on what is there rather than refuse.
  const coins = train.coins.length && listed.length ? listed : all
  const notes = train.coins.length && !listed.length && all.length ? [`None of ${train.coins.join(', ')} is loaded; training on ${all.map((c) => c.symbol).join(', ')}.`] : []
  return { coins, notes }
}

/**
 * Trains in a dedicated worker, running whatever upstream cells have not run yet. Resolves when training
 * ends (done, stopped or failed), so Run all and Evaluate can wait for it.
 */
export async function runTrainCell(resume?: { fromEpoch: number }): Promise<void> {
  if (get().cells.train.status === 'running') return finished
  if (get().cells.model.status !== 'done') await runModelCell()
  if (get().cells.model.status !== 'done') return
  // Each step below redraws part of the page: in tasks of their own, none of them freezes it for long.
  await yieldToPage()
  const { train, model, backend } = get().config
  const { coins, notes } = trainingCoins()
  cellEvent('train', { type: 'start', at: Date.now() })
  resetEvaluation()
  if (coins.length === 0) return cellEvent('train', { type: 'fail', at: Date.now(), error: 'train: no coin has features; run the Features cell' })
  const samples = coins.reduce((n, c) => n + c.samples.train.end1h.length, 0)
  const perEpoch = Math.min(Math.ceil(samples / train.batchSize), train.maxBatchesPerEpoch || Infinity)
  trainLive.reset(perEpoch * (train.epochs - (resume?.fromEpoch ?? 0)))
  patchTrain({ history: [], result: undefined, backend: undefined, paused: false, notes, interrupted: undefined, loaded: undefined, baselines: undefined })
  localStorage.setItem(RUN_KEY, JSON.stringify({ epoch: -1, epochs: train.epochs }))
  session?.terminate()
  finish() // whoever waited on a replaced run stops waiting
  finished = new Promise<void>((r) => (finish = r))
  const s = new TrainSession((e) => onEvent(s, e))
  session = s
  await yieldToPage()
  if (s !== session) return finished // replaced while waiting
  s.start({ model, train, backend, resume }, coins)
  return finished
}

function onEvent(s: TrainSession, e: TrainEvent) {
  if (s !== session) return
  switch (e.type) {
    case 'backend':
      return patchTrain({ backend: { name: e.name, skipped: e.skipped, lstm: e.lstm, lstmThreads: e.lstmThreads, note: e.note } })
    case 'batch':
      return trainLive.push(e.log)
    case 'epoch':
      localStorage.setItem(RUN_KEY, JSON.stringify({ epoch: e.log.epoch, epochs: get().config.train.epochs }))
      return patchTrain({ history: [...get().train.history, e.log] })
    case 'checkpoint':
      return e.saved ? undefined : patchTrain({ notes: [...get().train.notes, e.message ?? 'checkpoint not saved'] })
    case 'notice':
      return patchTrain({ notes: [...get().train.notes, e.message] })
    case 'baselines':
      return patchTrain({ baselines: e.losses })
    case 'done': {
      localStorage.removeItem(RUN_KEY)
      const why = { epochs: 'all epochs ran', 'early-stopping': `early stopping: no better validation loss for ${get().config.train.patience} epochs`, stopped: 'stopped by you', 'non-finite loss': 'the loss became NaN or infinite' }[e.result.stopReason]
      patchTrain({ result: e.result, paused: false, notes: [...get().train.notes, `Finished: ${why}; restored the best weights, from epoch ${e.result.bestEpoch + 1}.`] })
      finish()
      return cellEvent('train', e.result.stopReason === 'non-finite loss' && e.result.bestEpoch < 0
        ? { type: 'fail', at: Date.now(), error: 'train: the loss became NaN or infinite before any epoch finished; lower the learning rate or check the data' }
        : { type: 'succeed', at: Date.now() })
    }
    case 'error':
      localStorage.removeItem(RUN_KEY)
      patchTrain({ paused: false })
      finish()
      return cellEvent('train', { type: 'fail', at: Date.now(), error: e.message })
  }
}

export function pauseTraining() {
  session?.pause()
  patchTrain({ paused: true })
}

export function resumeTraining() {
  session?.resume()
  patchTrain({ paused: false })
}

/** Stops after the current batch; the best weights so far are kept. */
export function stopTraining() {
  session?.stop()
  patchTrain({ paused: false })
}

/** A run the page lost to a reload: offered for resuming from its checkpoint. */
export function detectInterruptedRun() {
  const raw = localStorage.getItem(RUN_KEY)
  if (!raw) return
  try {
    const { epoch, epochs } = JSON.parse(raw) as { epoch: number; epochs: number }
    if (epoch >= 0) patchTrain({ interrupted: { epoch, epochs } })
    else localStorage.removeItem(RUN_KEY)
  } catch {
    localStorage.removeItem(RUN_KEY)
  }
}

export function discardInterruptedRun() {
  localStorage.removeItem(RUN_KEY)
  patchTrain({ interrupted: undefined })
}

onDatasetChange(() => {
  cellEvent('model', { type: 'reset' })
  set({ model: {} })
})
