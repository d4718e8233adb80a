/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs'
import { BACKEND_ORDER, chooseBackend, fusedAvailable, type BackendName } from './backends'
import { evaluate } from '../eval/evaluate'
import { coinForecast } from '../eval/forecast'
import { evalInput } from '../eval/inputs'
import { validationBaselineLosses } from '../eval/trainingBaselines'
import type { CoinFeatures } from '../features/types'
import { buildModel } from '../model/build'
import { initHead } from '../model/headInit'
import { fusedLstmThreads } from '../kernels/lstm/simd/lstmSimd'
import { setLstmLanes } from '../kernels/lstm/lstmLayout'
import { fromPortable, toPortable, type ModelArtifactsData } from '../model/portable'
import { fit, type FitState } from '../train/fit'
import { deleteCheckpoint, readCheckpoint, writeCheckpoint } from '../train/checkpointStore'
import { headInitFor } from '../train/headInit'
import { predictSplit } from '../train/predict'
import { kernelNotices } from './kernelNotices'
import { progressBundler, throttledYield } from './progress'
import { type ModelReplies, type ModelRequest, type TrainCommand, type TrainEvent } from './trainProtocol'

// Training lives here so the page never freezes; the page only draws what these events say.
const post = (e: TrainEvent) => self.postMessage(e)
/** Batch progress goes to the page, and Pause and Stop are let in, at most this often (ms). */
const PROGRESS_MS = 200
let paused: { promise: Promise<void>; release(): void } | undefined
let stopped = false
/** The trained (or loaded) model stays here for the cells after Train, with the coins it is evaluated on. */
let current: tf.LayersModel | undefined
let coins: CoinFeatures[] = []

self.onmessage = (e: MessageEvent<TrainCommand>) => {
  const cmd = e.data
  if (cmd.type === 'pause' && !paused) {
    let release = () => {}
    const promise = new Promise<void>((r) => (release = r))
    paused = { promise, release }
  } else if (cmd.type === 'resume' && paused) {
    paused.release()
    paused = undefined
  } else if (cmd.type === 'stop') {
    stopped = true
    paused?.release()
    paused = undefined
  } else if (cmd.type === 'start') {
    coins = cmd.coins
    resumeState(cmd).then((from) => run(cmd, cmd.backend, from)).catch((err: Error) => post({ type: 'error', message: err.message.startsWith('train:') ? err.message : `train: ${err.message}` }))
  } else if (cmd.type === 'evaluate' || cmd.type === 'artifacts' || cmd.type === 'load' || cmd.type === 'predict') {
    answer(cmd).then(
      ({ value, transfer }) => self.postMessage({ type: 'reply', id: cmd.id, ok: true, value } satisfies TrainEvent, { transfer }),
      (err: Error) => post({ type: 'reply', id: cmd.id, ok: false, message: /^\w+: /.test(err.message) ? err.message : `${cmd.type}: ${err.message}` }),
    )
  }
}

async function answer(req: ModelRequest): Promise<{ value: ModelReplies[keyof ModelReplies]; transfer: ArrayBuffer[] }> {
  switch (req.type) {
    case 'evaluate': {
      if (!current) throw new Error('evaluate: there is no model yet; train one or load a saved one')
      const extra = (req.extra ?? []).filter((x) => !coins.some((c) => c.symbol === x.symbol))
      const all = [...coins, ...extra]
      const outs = await predictSplit(current, all, req.split)
      const forecasts = outs.map((o, i) => coinForecast(all[i]!, req.split, o.values, o.outputs))
      const inputs = forecasts.map((forecast, i) => evalInput(all[i]!, req.split, forecast))
      const untrained = new Set(extra.map((c) => c.symbol))
      const value: ModelReplies['evaluate'] = { evaluation: evaluate(inputs, req.split, req.levels, coins[0]!.horizon, untrained), forecasts }
      const transfer = forecasts.flatMap((f) => [f.openTime, f.close, f.actual, f.low, f.mid, f.high].flatMap((a) => (a ? [a.buffer as ArrayBuffer] : [])))
      return { value, transfer }
    }
    case 'artifacts': {
      if (!current) throw new Error('export: there is no model yet; train one or load a saved one')
      const value = toPortable(await artifactsOf(current))
      return { value, transfer: [] }
    }
    case 'load': {
      const choice = await chooseBackend(req.backend === 'auto' ? undefined : req.backend)
      const lstm = req.lstm === 'fused' && fusedAvailable(choice.name) ? 'fused' : 'stock'
      const a = fromPortable(req.artifacts, lstm)
      const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightData: a.weightData }))
      const c = req.coins[0]
      const want = model.inputs.map((i) => i.shape.slice(1).join('×'))
      const shape = c ? { window: c.window, h1Features: c.h1.features, m15Features: c.m15.features } : req.shape
      const have = shape ? [`${shape.window}×${shape.h1Features}`, `${shape.window}×${shape.m15Features}`] : []
      if (!shape || want.join() !== have.join()) {
        model.dispose()
        throw new Error(`load: the model takes windows of ${want.join(' and ')} (bars × features) but the Features cell gives ${have.join(' and ') || 'none'}; set the same window and indicators as the run it was trained in`)
      }
      current?.dispose()
      current = model
      coins = req.coins
      const value: ModelReplies['load'] = { backend: choice.name, params: model.countParams() }
      return { value, transfer: [] }
    }
    case 'predict': {
      if (!current) throw new Error('live: there is no model in the worker; load one first')
      const [a, b] = current.inputs.map((i) => i.shape.slice(1) as [number, number])
      const x = [tf.tensor3d(req.h1, [req.n, a![0], a![1]]), tf.tensor3d(req.m15, [req.n, b![0], b![1]])]
      const y = current.predict(x) as tf.Tensor
      const values = await y.data<'float32'>()
      const outputs = y.shape[y.shape.length - 1] ?? 1
      tf.dispose([...x, y])
      const value: ModelReplies['predict'] = { values, outputs }
      return { value, transfer: [values.buffer as ArrayBuffer] }
    }
  }
}

/** The model's topology and weights in memory, through a save handler (no storage involved). */
async function artifactsOf(model: tf.LayersModel): Promise<ModelArtifactsData> {
  let saved: tf.io.ModelArtifacts | undefined
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
  }))
  if (!saved?.modelTopology || !saved.weightSpecs || !saved.weightData) throw new Error('export: tfjs saved no topology or weights')
  return { modelTopology: saved.modelTopology as object, weightSpecs: saved.weightSpecs, weightData: tf.io.CompositeArrayBuffer.join(saved.weightData) }
}

/** The state to resume from: the run's checkpoint, if it is one of this run's settings and data. */
async function resumeState(cmd: Extract<TrainCommand, { type: 'start' }>): Promise<FitState | undefined> {
  if (!cmd.resume) return undefined
  const c = await readCheckpoint(cmd.runId)
  if (!c) throw new Error(`train: run ${cmd.runId} has no checkpoint in this browser (deleted, or storage refused it); start a new run`)
  if (c.key !== cmd.key) throw new Error(`train: the checkpoint of run ${cmd.runId} was made with other settings, features or candles; start a new run`)
  return c.state
}

async function run(cmd: Extract<TrainCommand, { type: 'start' }>, startBackend: BackendName | 'auto' = cmd.backend, from?: FitState): Promise<void> {
  const choice = await chooseBackend(startBackend === 'auto' ? undefined : startBackend)
  const lstm = cmd.model.lstm === 'fused' && !fusedAvailable(choice.name) ? 'stock' : cmd.model.lstm
  const note = lstm !== cmd.model.lstm ? `the fused LSTM has no ${choice.name} kernels yet; using the stock layer` : undefined
  setLstmLanes(cmd.train.lanes)
  const threads = () => lstm === 'fused' && (choice.name === 'cpu' || choice.name === 'wasm')
    ? fusedLstmThreads([...cmd.model.h1Lstm, ...cmd.model.m15Lstm], cmd.train.batchSize) : 1
  let lstmThreads = threads()
  post({ type: 'backend', name: choice.name, skipped: choice.skipped, lstm, lstmThreads, note })
  for (const message of kernelNotices(choice, lstm)) post({ type: 'notice', message })
  const c = cmd.coins[0]!
  current?.dispose()
  current = undefined
  let last = from
  const model = buildModel({ ...cmd.model, lstm }, { window: c.window, h1Features: c.h1.features, m15Features: c.m15.features }, cmd.train.seed)
  try {
    if (!last) initHead(model, headInitFor(cmd.coins, cmd.model.head))
    const head = cmd.model.head
    if (head.kind === 'quantiles') post({ type: 'baselines', losses: validationBaselineLosses(cmd.coins, head.quantiles) })
    const progress = progressBundler((logs) => post({ type: 'batches', logs }), PROGRESS_MS)
    const result = await fit(model, cmd.coins, cmd.model.head, cmd.train, {
      onBatch: (log) => progress.add(log),
      onEpoch: (log) => {
        progress.flush()
        post({ type: 'epoch', log })
        if (threads() < lstmThreads) {
          lstmThreads = threads()
          post({ type: 'backend', name: choice.name, skipped: choice.skipped, lstm, lstmThreads, note })
          post({ type: 'notice', message: `An LSTM helper thread stopped (the browser console says why); training goes on on ${lstmThreads === 1 ? 'one thread' : `${lstmThreads} threads`}, with the same numbers.` })
        }
      },
      onState: async (state) => {
        last = state
        try {
          await writeCheckpoint({ runId: cmd.runId, key: cmd.key, state })
          post({ type: 'checkpoint', epoch: state.epoch, saved: true })
        } catch (err) {
          post({ type: 'checkpoint', epoch: state.epoch, saved: false, message: `checkpoint not saved (${(err as Error).message}); training goes on` })
        }
      },
      gate: async () => {
        await letMessagesIn()
        await paused?.promise
      },
      stopped: () => stopped,
    }, last)
    progress.flush()
    current = model
    await deleteCheckpoint(cmd.runId).catch(() => undefined) // the run is over: nothing to resume
    post({ type: 'done', result })
  } catch (err) {
    // A GPU can go away (driver reset, device lost): carry on from the last epoch's state on the next backend.
    const next = BACKEND_ORDER[BACKEND_ORDER.indexOf(choice.name) + 1]
    if ((choice.name === 'webgpu' || choice.name === 'webgl') && next) {
      post({ type: 'notice', message: `${choice.name} failed (${(err as Error).message}); continuing on ${next} from ${last ? `the end of epoch ${last.epoch}` : 'the start'}` })
      model.dispose()
      return run(cmd, next, last)
    }
    model.dispose()
    throw err
  }
}

/**
 * Lets queued messages (Pause, Stop) in: the training loop only awaits promises that resolve as microtasks,
 * so without a macrotask between batches a Pause would wait for the epoch's end. A MessageChannel round
 * trip is a macrotask without setTimeout's 4 ms clamp.
 */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel()
    ch.port1.onmessage = () => resolve()
    ch.port2.postMessage(0)
  })
}

/** Pause and Stop get in within PROGRESS_MS of a batch's end, without a macrotask after every batch. */
const letMessagesIn = throttledYield(yieldToMessages, PROGRESS_MS)

