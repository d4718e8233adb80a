import { fingerprint } from '../data/fingerprint'
import { predictionColumns } from '../eval/predictionsTable'
import { readUserFile, saveBytes } from '../data/sources'
import { fromModelFiles, isModelJson, toModelFiles, WEIGHTS_BIN, MODEL_JSON, type ModelJson } from '../export/modelFiles'
import { buildRunRecord, parseRunRecord, type RunRecord } from '../export/runRecord'
import { deleteRun, listRuns, readRun, saveRun } from '../export/savedRuns'
import type { ModelArtifactsData } from '../model/portable'
import { encodeColumnsInWorker } from '../workers/dataClient'
import { TrainSession } from '../workers/trainClient'
import { cellEvent, runDataCell } from './actions'
import { resetFeatures, runFeaturesCell } from './featuresActions'
import { useStudio, type ExportSlice } from './store'
import { adoptLoadedModel, modelSession, runModelCell, trainingCoins } from './trainActions'

const set = useStudio.setState
const get = useStudio.getState

function patch(p: Partial<ExportSlice>) {
  set((s) => ({ exports: { ...s.exports, ...p } }))
}

/** The record of a loaded model, so saving it again keeps how it was trained. */
let loadedRecord: RunRecord | undefined

/** Runs an Export action as the cell's run: its error shows in the cell, earlier output stays. */
async function act(what: () => Promise<string | undefined>): Promise<void> {
  cellEvent('export', { type: 'start', at: Date.now() })
  try {
    const note = await what()
    if (note) patch({ notes: [note, ...get().exports.notes].slice(0, 5) })
    cellEvent('export', { type: 'succeed', at: Date.now() })
  } catch (e) {
    cellEvent('export', { type: 'fail', at: Date.now(), error: (e as Error).message })
  }
}

// A fingerprint hashes every candle (10 ms and more for three coins): each run's record asks again for the same.
const fingerprints = new WeakMap<object, Map<string, string>>()

/** The candles of the coins a model trains on: where they came from, and their fingerprint. */
function trainingData(): RunRecord['data'] {
  const st = get()
  const symbols = new Set(trainingCoins().coins.map((c) => c.symbol))
  const series = (st.data.dataset?.series ?? []).filter((s) => symbols.has(s.symbol))
  const key = [...symbols].sort().join(' ')
  const known = st.data.dataset ? (fingerprints.get(st.data.dataset) ?? fingerprints.set(st.data.dataset, new Map()).get(st.data.dataset)!) : new Map<string, string>()
  if (!known.has(key)) known.set(key, fingerprint(series))
  return { source: st.data.dataset?.source ?? st.config.data.source, origin: st.data.dataset?.origin ?? '', fingerprint: known.get(key)!, series: series.length, bars: series.reduce((n, s) => n + s.candles.openTime.length, 0) }
}

/**
 * run.json for the model in the worker: config, features, normalisation, splits, data fingerprint, metrics.
 * `config`: the one the model was trained with, where the page's may have changed since (the run history's).
 */
export function currentRecord(name: string, config = get().config): RunRecord {
  const st = get()
  const t = st.train
  return buildRunRecord({
    name,
    config,
    featureNames: st.features.names ?? [],
    coins: trainingCoins().coins,
    data: trainingData(),
    training: t.result && t.backend ? { backend: t.backend.name, lstm: t.backend.lstm, result: t.result } : undefined,
    params: t.loaded?.params ?? st.model.summary?.total,
    evaluation: st.evaluate.evaluation,
  })
}

export function defaultName(): string {
  const st = get()
  const { coins } = trainingCoins()
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ')
  return `${coins.map((c) => c.symbol.replace(/USDT$/, '')).join(' ')} · ${st.config.model.head.kind} · ${when}`
}

async function artifacts(): Promise<ModelArtifactsData> {
  const s = modelSession()
  if (!s || get().cells.train.status !== 'done') throw new Error('export: there is no trained model; train one or load a saved one first')
  return s.artifacts()
}

function recordFor(name: string): RunRecord {
  const r = currentRecord(name)
  // A loaded model was not trained here: keep its own training record.
  return loadedRecord && !r.training ? { ...r, training: loadedRecord.training, params: r.params ?? loadedRecord.params } : r
}

// Lists can be asked for while another is in flight (the cell mounting during a save): only the newest lands.
let listing = 0
async function relist(): Promise<void> {
  const n = ++listing
  const saved = await listRuns()
  if (n === listing) patch({ saved })
}

export function refreshSavedRuns(): Promise<void> {
  return relist().catch((e: Error) => exportFailed(e.message))
}

export function saveToBrowser(name = defaultName()): Promise<void> {
  return act(async () => {
    const a = await artifacts()
    const id = `run-${Date.now().toString(36)}`
    await saveRun(id, recordFor(name), a)
    await relist()
    return `Saved "${name}" in this browser.`
  })
}

export function deleteSavedRun(id: string): Promise<void> {
  return act(async () => {
    const name = get().exports.saved?.find((r) => r.id === id)?.record.name ?? id
    await deleteRun(id)
    await relist()
    return `Deleted "${name}".`
  })
}

/** Downloads model.json, weights.bin and run.json. */
export function downloadModel(): Promise<void> {
  return act(async () => {
    const files = toModelFiles(await artifacts())
    const record = recordFor(defaultName())
    saveBytes(new TextEncoder().encode(files.modelJson).buffer as ArrayBuffer, MODEL_JSON, 'application/json')
    saveBytes(files.weights, WEIGHTS_BIN)
    saveBytes(new TextEncoder().encode(JSON.stringify(record, null, 2)).buffer as ArrayBuffer, 'run.json', 'application/json')
    return `Downloaded ${MODEL_JSON}, ${WEIGHTS_BIN} and run.json.`
  })
}

export function loadSavedRun(id: string): Promise<void> {
  return act(async () => {
    const { record, artifacts } = await readRun(id)
    return loadRun(record, artifacts, 'browser')
  })
}

/** model.json + weights (+ run.json) as picked in a file input, in any order and under any names. */
export function loadModelFiles(files: File[]): Promise<void> {
  return act(async () => {
    let json: ModelJson | undefined
    let record: RunRecord | undefined
    const bins = new Map<string, ArrayBuffer>()
    for (const f of files) {
      const bytes = await readUserFile(f)
      if (!f.name.toLowerCase().endsWith('.json')) {
        bins.set(f.name, bytes)
        continue
      }
      const text = new TextDecoder().decode(bytes)
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch (e) {
        throw new Error(`load: ${f.name} is not JSON (${(e as Error).message})`)
      }
      if (isModelJson(parsed)) json = parsed
      else record = parseRunRecord(text, f.name)
    }
    if (!json) throw new Error(`load: no ${MODEL_JSON} among ${files.map((f) => f.name).join(', ') || 'the files'}; pick ${MODEL_JSON}, ${WEIGHTS_BIN} and run.json together`)
    return loadRun(record, fromModelFiles(json, bins), 'files')
  })
}

/**
 * Puts a saved model to work: its run's configuration is restored (so features are built the same way),
 * upstream cells run as needed, and the weights go to a fresh model worker. Without run.json the current
 * configuration is kept and the model must fit it.
 */
async function loadRun(record: RunRecord | undefined, a: ModelArtifactsData, from: 'browser' | 'files'): Promise<string> {
  const before = get().config
  if (record) set((s) => ({ config: { ...record.config, data: { ...record.config.data, source: s.data.dataset ? before.data.source : record.config.data.source } }, configEpoch: s.configEpoch + 1 }))
  if (!get().data.dataset) await runDataCell()
  if (!get().data.dataset) throw new Error('load: load candles in the Data cell first; the model is evaluated on them')
  if (JSON.stringify(before.features) !== JSON.stringify(get().config.features)) resetFeatures()
  if (get().cells.features.status !== 'done') await runFeaturesCell()
  if (get().cells.features.status !== 'done') throw new Error('load: the Features cell failed; see its error')
  await runModelCell()
  const { coins } = trainingCoins()
  const config = get().config
  const session = new TrainSession(() => {})
  try {
    const info = await session.load({ artifacts: a, lstm: config.model.lstm, backend: config.backend }, coins)
    const name = record?.name ?? 'model files'
    const notes = [`Model loaded from ${from === 'browser' ? 'this browser' : 'files'}: "${name}", ${info.params.toLocaleString('en')} parameters, on ${info.backend}.`]
    const now = trainingData().fingerprint
    if (record && record.data.fingerprint !== now) notes.push(`The candles loaded now are not the ones it was trained on (fingerprint ${now}, trained on ${record.data.fingerprint}); evaluation uses the candles loaded now.`)
    if (!record) notes.push('No run.json was picked: the current configuration is assumed to be the one the model was trained with.')
    loadedRecord = record
    adoptLoadedModel(session, { name, from, backend: info.backend, params: info.params }, notes)
    return `Loaded "${name}".`
  } catch (e) {
    session.terminate()
    throw e
  }
}

/** symbol, open_time, close, next_close, q10, q50, q90 of every evaluated sample, as Parquet. */
export async function exportPredictions(): Promise<void> {
  const { forecasts, split } = get().evaluate
  if (!forecasts) return
  try {
    const bytes = await encodeColumnsInWorker(predictionColumns(forecasts))
    saveBytes(bytes, `predictions-${split}.parquet`, 'application/vnd.apache.parquet')
  } catch (e) {
    exportFailed(`export: predictions not written (${(e as Error).message})`)
  }
}

/** metrics.json: the evaluation as the headless run writes it. */
export function downloadMetrics(): void {
  const ev = get().evaluate.evaluation
  if (!ev) return
  saveBytes(new TextEncoder().encode(JSON.stringify(ev, null, 2)).buffer as ArrayBuffer, 'metrics.json', 'application/json')
}

/** An export failure belongs to the Export cell; what the cell showed before stays. */
function exportFailed(message: string): void {
  cellEvent('export', { type: 'start', at: Date.now() })
  cellEvent('export', { type: 'fail', at: Date.now(), error: message })
}
