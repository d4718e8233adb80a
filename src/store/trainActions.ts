import { summarizeConfig } from '../model/summary'
import type { ModelConfig } from '../model/types'
import type { TrainConfig } from '../train/config'
import { deleteCheckpoint } from '../train/checkpointStore'
import { TrainSession } from '../workers/trainClient'
import type { TrainEvent } from '../workers/trainProtocol'
import type { CoinFeatures } from '../features/types'
import { newRunId, takeSnapshot, type RunSnapshot } from '../export/runSnapshot'
import { parseRunConfig, type RunConfig } from '../config/runConfig'
import { hashText } from '../util/hash'
import { cellEvent, changed, setConfig } from './actions'
import { runFeaturesCell } from './featuresActions'
import { coinChoice, PRESETS, presetCoins, type PresetName } from '../config/presets'
import { loadedCoins } from '../data/types'
import { useStudio, type TrainSlice } from './store'
import { trainLive } from './trainLive'
import { yieldToPage } from '../util/yieldToPage'

const set = useStudio.setState
const get = useStudio.getState
/** sessionStorage: this tab's run (a reload keeps it, another tab has its own). */
const RUN_KEY = 'crypto-studio-run'

interface TabRun { runId: string; configKey: string; config: RunConfig; epoch: number; epochs: number }

function patchTrain(p: Partial<TrainSlice>) {
  set((s) => ({ train: { ...s.train, ...p } }))
}

export function setModelConfig(model: ModelConfig) {
  setConfig({ ...get().config, model })
}

export function setTrainConfig(train: TrainConfig) {
  setConfig({ ...get().config, train })
}

export function setBackend(backend: 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu') {
  setConfig({ ...get().config, backend })
}

/** Ticks or unticks a loaded coin for training; from then on loading data keeps the user's choice. */
export function setTrainingCoin(symbol: string, on: boolean) {
  const all = loadedSymbols()
  const now = coinChoice(get().config.train.coins, all).on
  const next = all.filter((c) => (c === symbol ? on : now.includes(c)))
  if (next.length === 0) return // a run needs a coin: the last one stays ticked
  patchTrain({ coinsByHand: true })
  setTrainConfig({ ...get().config.train, coins: next.length === all.length ? [] : next })
}

/** The coins the page could train on: those with features, else those loaded with both intervals. */
export function loadedSymbols(): string[] {
  const f = get().features.coins
  return f ? f.map((c) => c.symbol) : loadedCoins(get().data.dataset?.series ?? [])
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
  changed({ kind: 'output', cell: 'model' })
  cellEvent('model', { type: 'succeed', at: Date.now() })
}

let session: TrainSession | undefined
let finished: Promise<void> = Promise.resolve()
let finish = () => {}

/** The worker that holds the trained or loaded model, if any. */
export function modelSession(): TrainSession | undefined {
  return session
}

/** The run the worker's model is; undefined before any training or load. */
export function runSnapshot(): RunSnapshot | undefined {
  return get().train.snapshot
}

/**
 * The model in the worker is replaced (a new run, a loaded one): results of the old one are forgotten, since they
 * describe a model that is gone, and the cells after Train are stale.
 */
function modelReplaced() {
  set((s) => ({ evaluate: { split: s.evaluate.split, selected: s.evaluate.selected, allCoins: s.evaluate.allCoins }, backtest: { selected: s.backtest.selected } }))
  changed({ kind: 'output', cell: 'train' })
}

/** Puts a worker holding a loaded model in place of the trained one; the Train cell shows where it came from. */
export function adoptLoadedModel(s: TrainSession, loaded: NonNullable<TrainSlice['loaded']>, snapshot: RunSnapshot, notes: string[]): void {
  // A training run still going is replaced: its worker ends, and nobody waits for it or offers to resume it.
  session?.terminate()
  finish()
  forgetTabRun()
  session = s
  cellEvent('train', { type: 'start', at: Date.now() })
  modelReplaced()
  set((st) => ({ train: { ...st.train, history: [], result: undefined, backend: undefined, paused: false, notes, interrupted: undefined, loaded, snapshot } }))
  cellEvent('train', { type: 'succeed', at: Date.now() })
}

/** Sets a preset's training settings (its coins chosen from what is loaded) and, where they differ, its feature set, target and head. */
export function applyPreset(name: PresetName) {
  const p = PRESETS[name]
  const c = get().config
  const source = get().data.dataset?.source ?? c.data.source
  const coins = get().data.dataset ? presetCoins(name, loadedSymbols(), source) : p.train.coins
  patchTrain({ coinsByHand: false })
  setConfig({
    ...c,
    train: { ...p.train, coins },
    model: { ...c.model, head: p.head },
    features: { ...c.features, indicators: p.features.indicators, target: p.features.target },
  }, true) // the feature editor and model form re-read the config
}

/** The coins a run trains on (those with features, as coinChoice picks them), a note when the list fell back, and what is left out. */
export function trainingCoins(): { coins: CoinFeatures[]; notes: string[]; leftOut: string[] } {
  const { train } = get().config
  const all = get().features.coins ?? []
  const { on, leftOut, noneListed } = coinChoice(train.coins, all.map((c) => c.symbol))
  const notes = noneListed ? [`None of ${train.coins.join(', ')} is loaded; training on ${on.join(', ')}.`] : []
  return { coins: all.filter((c) => on.includes(c.symbol)), notes, leftOut }
}

/** What of the run configuration decides whether a checkpoint is offered (the backend and backtest do not). */
export function configKey(c: RunConfig): string {
  const { backend: _b, backtest: _t, ...rest } = c
  return hashText(JSON.stringify(rest))
}

function readTabRun(): TabRun | undefined {
  try {
    const raw = sessionStorage.getItem(RUN_KEY)
    return raw ? (JSON.parse(raw) as TabRun) : undefined
  } catch {
    return undefined
  }
}

/** This tab's run is over (done, failed, replaced, discarded): its checkpoint goes too. */
function forgetTabRun() {
  const r = readTabRun()
  sessionStorage.removeItem(RUN_KEY)
  if (r) void deleteCheckpoint(r.runId).catch(() => undefined)
}

/**
 * Trains in a dedicated worker, running whatever upstream cells have not run yet. Resolves when training ends
 * (done, stopped or failed), so Run all and Evaluate can wait for it. `resume`: go on with the interrupted run,
 * from its checkpoint, exactly where it stopped.
 */
export async function runTrainCell(resume = false): Promise<void> {
  if (get().cells.train.status === 'running') return finished
  if (get().cells.model.status !== 'done') await runModelCell()
  if (get().cells.model.status !== 'done') return
  // Each step below redraws part of the page: in tasks of their own, none of them freezes it for long.
  await yieldToPage()
  const { coins, notes, leftOut } = trainingCoins()
  const interrupted = resume ? get().train.interrupted : undefined
  cellEvent('train', { type: 'start', at: Date.now() })
  modelReplaced()
  if (coins.length === 0) return cellEvent('train', { type: 'fail', at: Date.now(), error: 'train: no coin has features; run the Features cell' })
  const config = get().config
  const ds = get().data.dataset
  const snapshot = takeSnapshot({
    runId: interrupted?.runId ?? newRunId(), config, featureNames: get().features.names ?? [], coins,
    series: ds?.series ?? [], source: ds?.source ?? config.data.source, origin: ds?.origin ?? '',
  })
  const { train, model, backend } = config
  const samples = coins.reduce((n, c) => n + c.samples.train.end1h.length, 0)
  const perEpoch = Math.min(Math.ceil(samples / train.batchSize), train.maxBatchesPerEpoch || Infinity)
  trainLive.reset(perEpoch * (train.epochs - (interrupted?.epoch ?? 0)))
  if (leftOut.length) notes.push(`Training on ${coins.length} of the ${coins.length + leftOut.length} coins loaded; left out: ${leftOut.join(', ')}.`)
  patchTrain({ history: [], result: undefined, backend: undefined, paused: false, notes, interrupted: undefined, loaded: undefined, baselines: undefined, snapshot })
  if (!interrupted) forgetTabRun()
  const tabRun: TabRun = { runId: snapshot.runId, configKey: configKey(config), config, epoch: interrupted?.epoch ?? 0, epochs: train.epochs }
  sessionStorage.setItem(RUN_KEY, JSON.stringify(tabRun))
  session?.terminate()
  finish() // whoever waited on a replaced run stops waiting
  finished = new Promise<void>((r) => (finish = r))
  const s = new TrainSession((e) => onEvent(s, e, tabRun))
  session = s
  await yieldToPage()
  if (s !== session) return finished // replaced while waiting
  s.start({ model, train, backend, runId: snapshot.runId, key: snapshot.key, resume: !!interrupted }, coins)
  return finished
}

function onEvent(s: TrainSession, e: TrainEvent, tabRun: TabRun) {
  if (s !== session) return
  switch (e.type) {
    case 'backend':
      return patchTrain({ backend: { name: e.name, skipped: e.skipped, lstm: e.lstm, lstmThreads: e.lstmThreads, note: e.note } })
    case 'batches':
      for (const log of e.logs) trainLive.push(log)
      return
    case 'epoch':
      return patchTrain({ history: [...get().train.history, e.log] })
    case 'checkpoint':
      if (e.saved) return sessionStorage.setItem(RUN_KEY, JSON.stringify({ ...tabRun, epoch: e.epoch }))
      return patchTrain({ notes: [...get().train.notes, e.message ?? 'checkpoint not saved'] })
    case 'notice':
      return patchTrain({ notes: [...get().train.notes, e.message] })
    case 'baselines':
      return patchTrain({ baselines: e.losses })
    case 'done': {
      sessionStorage.removeItem(RUN_KEY)
      const why = { epochs: 'all epochs ran', 'early-stopping': `early stopping: no better validation loss for ${tabRun.config.train.patience} epochs`, stopped: 'stopped by you', 'non-finite loss': 'the loss became NaN or infinite' }[e.result.stopReason]
      patchTrain({ result: e.result, paused: false, notes: [...get().train.notes, `Finished: ${why}; restored the best weights, from epoch ${e.result.bestEpoch + 1}.`] })
      finish()
      return cellEvent('train', e.result.stopReason === 'non-finite loss' && e.result.bestEpoch < 0
        ? { type: 'fail', at: Date.now(), error: 'train: the loss became NaN or infinite before any epoch finished; lower the learning rate or check the data' }
        : { type: 'succeed', at: Date.now() })
    }
    case 'error':
      forgetTabRun()
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

/**
 * This tab's run that a reload cut short: its settings come back to the page and it is offered for resuming
 * (while the page's settings stay the run's: a checkpoint of other settings is not offered).
 */
export function detectInterruptedRun() {
  const r = readTabRun()
  if (!r) return
  const config = parseRunConfig(r.config)
  if (!(r.epoch >= 1) || typeof r.runId !== 'string' || !config.ok) return forgetTabRun()
  setConfig(config.config, true)
  patchTrain({ interrupted: { runId: r.runId, epoch: r.epoch, epochs: r.epochs, configKey: r.configKey } })
}

export function discardInterruptedRun() {
  forgetTabRun()
  patchTrain({ interrupted: undefined })
}
