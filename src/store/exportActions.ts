import { predictionColumns } from '../eval/predictionsTable'
import { readUserFile, saveBytes } from '../data/sources'
import { fromModelFiles, fromSafetensorsFile, isModelJson, toModelFiles, WEIGHTS_BIN, MODEL_JSON, type ModelJson } from '../export/modelFiles'
import { buildRunRecord, parseRunRecord, type RunRecord } from '../export/runRecord'
import { deleteRun, listRuns, readRun, saveRun } from '../export/savedRuns'
import { featureDifference } from '../export/featureCheck'
import { newRunId, snapshotKey, takeSnapshot, type RunSnapshot } from '../export/runSnapshot'
import type { ModelArtifactsData } from '../model/portable'
import { encodeColumnsInWorker } from '../workers/dataClient'
import { TrainSession } from '../workers/trainClient'
import { cellAction, cellEvent, exportStep, setConfig } from './actions'
import { runFeaturesCell } from './featuresActions'
import { useStudio, type ExportSlice } from './store'
import { adoptLoadedModel, modelSession, runModelCell, runSnapshot, trainingCoins } from './trainActions'

const set = useStudio.setState
const get = useStudio.getState

function patch(p: Partial<ExportSlice>) {
  set((s) => ({ exports: { ...s.exports, ...p } }))
}

/** The record of a loaded model, so saving it again keeps how it was trained. */
let loadedRecord: RunRecord | undefined

/** Runs an Export action as the cell's run: its error shows in the cell, earlier output stays. */
export async function act(what: () => Promise<string | undefined>): Promise<void> {
  cellEvent('export', { type: 'start', at: Date.now() })
  try {
    const note = await what()
    if (note) patch({ notes: [note, ...get().exports.notes].slice(0, 5) })
    cellEvent('export', { type: 'succeed', at: Date.now() })
  } catch (e) {
    cellEvent('export', { type: 'fail', at: Date.now(), error: (e as Error).message })
  }
}

/** The run in the worker, for an action that needs a model; says what to do when there is none. */
export function trainedRun(): RunSnapshot {
  const run = runSnapshot()
  const status = get().cells.train.status
  if (!run || !modelSession() || (status !== 'done' && status !== 'stale')) throw new Error('export: there is no trained model; train one or load a saved one first')
  return run
}

/**
 * run.json of the model in the worker, from its run snapshot — config, features, normalisation, splits, data —
 * never from the page's current settings; the evaluation only when it is of this run.
 */
export function recordFor(run: RunSnapshot, name: string): RunRecord {
  const st = get()
  const t = st.train
  // The Backtest settings are not part of the model (nor of the snapshot's key): the Backtest cell's as they are now,
  // so the rule that a saved run, a download or live mode trades is the one the page shows.
  const r = buildRunRecord({
    name, runId: run.runId, config: { ...run.config, backtest: st.config.backtest }, featureNames: run.featureNames, coins: run.coins, data: run.data, splitDates: run.splitDates,
    training: t.result && t.backend ? { backend: t.backend.name, lstm: t.backend.lstm, result: t.result } : undefined,
    params: t.loaded?.params ?? st.model.summary?.total,
    evaluation: st.evaluate.runId === run.runId ? st.evaluate.evaluation : undefined,
  })
  // A loaded model was not trained here: keep its own training record.
  return loadedRecord && !r.training ? { ...r, training: loadedRecord.training, params: r.params ?? loadedRecord.params } : r
}

export function defaultName(run: RunSnapshot): string {
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ')
  return `${run.coins.map((c) => c.symbol.replace(/USDT$/, '')).join(' ')} · ${run.config.model.head.kind} · ${when}`
}

// Lists can be asked for while another is in flight (the cell mounting during a save): only the newest lands.
let listing = 0
async function relist(): Promise<void> {
  const n = ++listing
  const saved = await listRuns()
  if (n === listing) patch({ saved })
}

export function refreshSavedRuns(): Promise<void> {
  return cellAction('export', relist)
}

export function saveToBrowser(name?: string): Promise<void> {
  return act(async () => {
    const run = trainedRun()
    name ??= defaultName(run)
    const a = await modelSession()!.artifacts()
    const id = `run-${Date.now().toString(36)}`
    await saveRun(id, recordFor(run, name), a)
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
    const run = trainedRun()
    const files = toModelFiles(await modelSession()!.artifacts())
    const record = recordFor(run, defaultName(run))
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

/**
 * model.json + weights (+ run.json) as picked in a file input, in any order and under any names. The weights are
 * weights.bin, or a .safetensors file written by the PyTorch folder's train.py (model.py's names and layouts).
 */
export function loadModelFiles(files: File[]): Promise<void> {
  return act(async () => {
    const { artifacts, record, note } = await readModelFiles(files)
    const loaded = await loadRun(record, artifacts, 'files')
    return note ? `${loaded} ${note}` : loaded
  })
}

/**
 * The model and its run record (when run.json was picked) from model.json, weights.bin and run.json files — or
 * model.json, run.json and a .safetensors file written by the PyTorch folder's train.py (model.py's names and
 * layouts); `note` then says which epoch PyTorch kept.
 */
export async function readModelFiles(files: File[]): Promise<{ artifacts: ModelArtifactsData; record?: RunRecord; note?: string }> {
  let json: ModelJson | undefined
  let record: RunRecord | undefined
  let torch: { name: string; bytes: ArrayBuffer } | undefined
  const bins = new Map<string, ArrayBuffer>()
  for (const f of files) {
    const bytes = await readUserFile(f)
    if (f.name.toLowerCase().endsWith('.safetensors')) {
      if (torch) throw new Error(`load: pick one .safetensors file, not ${torch.name} and ${f.name}`)
      torch = { name: f.name, bytes }
      continue
    }
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
  if (!json) throw new Error(`load: no ${MODEL_JSON} among ${files.map((f) => f.name).join(', ') || 'the files'}; pick ${MODEL_JSON}, ${WEIGHTS_BIN} (or a .safetensors from PyTorch) and run.json together`)
  if (!torch) return { artifacts: fromModelFiles(json, bins), record }
  if (bins.size) throw new Error(`load: pick either ${[...bins.keys()].join(', ')} or ${torch.name} as the weights, not both`)
  const t = fromSafetensorsFile(json, torch.bytes, torch.name)
  const trained = t.metadata['bestEpoch'] ? ` (PyTorch: best epoch ${Number(t.metadata['bestEpoch']) + 1}, validation loss ${Number(t.metadata['bestValLoss']).toPrecision(4)})` : ''
  return { artifacts: t.artifacts, record, note: `Weights from ${torch.name}${trained}.` }
}

/**
 * The model in the worker and its run record, for live mode: a loaded model's own record (its statistics, not
 * ones fitted again on the candles loaded now), else the record of the run trained here.
 */
export async function currentRun(): Promise<{ record: RunRecord; artifacts: ModelArtifactsData }> {
  const run = trainedRun()
  const a = await modelSession()!.artifacts()
  return { record: get().train.loaded && loadedRecord ? loadedRecord : recordFor(run, defaultName(run)), artifacts: a }
}

/**
 * Puts a saved model to work: its run's configuration is restored (so features are built the same way), upstream
 * cells run as needed, the features built are checked against the ones it was trained on (names, periods, window,
 * scaling: refused with the difference named), and the weights go to a fresh model worker with the run's snapshot.
 * Without run.json the current configuration is kept and the model must fit it.
 */
async function loadRun(record: RunRecord | undefined, a: ModelArtifactsData, from: 'browser' | 'files'): Promise<string> {
  if (record) setConfig({ ...record.config, data: { ...record.config.data, source: get().data.dataset ? get().config.data.source : record.config.data.source } }, true)
  if (get().cells.features.status !== 'done') await runFeaturesCell()
  if (!get().data.dataset) throw new Error('load: load candles in the Data cell first; the model is evaluated on them')
  if (get().cells.features.status !== 'done') throw new Error('load: the Features cell failed; see its error')
  await runModelCell()
  const st = get()
  const names = st.features.names ?? []
  const all = st.features.coins ?? []
  const coins = record ? all.filter((c) => record.coins.some((r) => r.symbol === c.symbol)) : trainingCoins().coins
  if (record) {
    const why = featureDifference(record, names, st.config.features, all)
    if (why) throw new Error(why)
  }
  const ds = st.data.dataset!
  const snapshot = record
    ? { runId: record.runId ?? newRunId(), config: record.config, featureNames: record.featureNames, coins, splitDates: record.splitDates ?? undefined, data: record.data, key: snapshotKey(record.config, record.featureNames, coins.map((c) => c.symbol), record.data.fingerprint) }
    : takeSnapshot({ runId: newRunId(), config: st.config, featureNames: names, coins, series: ds.series, source: ds.source, origin: ds.origin })
  const session = new TrainSession(() => {})
  try {
    const info = await session.load({ artifacts: a, lstm: st.config.model.lstm, backend: st.config.backend }, coins)
    const name = record?.name ?? 'model files'
    const notes = [`Model loaded from ${from === 'browser' ? 'this browser' : 'files'}: "${name}", ${info.params.toLocaleString('en')} parameters, on ${info.backend}.`]
    const now = takeSnapshot({ runId: '', config: st.config, featureNames: names, coins, series: ds.series, source: ds.source, origin: ds.origin }).data.fingerprint
    if (record && record.data.fingerprint !== now) notes.push(`The candles loaded now are not the ones it was trained on (fingerprint ${now}, trained on ${record.data.fingerprint}), though its features and scaling are the same; evaluation uses the candles loaded now.`)
    if (!record) notes.push('No run.json was picked: the current configuration is assumed to be the one the model was trained with.')
    loadedRecord = record
    adoptLoadedModel(session, { name, from, backend: info.backend, params: info.params }, snapshot, notes)
    return `Loaded "${name}".`
  } catch (e) {
    session.terminate()
    throw e
  }
}

/** symbol, open_time, close, next_close, q10, q50, q90 of every evaluated sample, as Parquet. */
export function exportPredictions(): Promise<void> {
  const { forecasts, evaluation } = get().evaluate
  if (!forecasts || !evaluation) return Promise.resolve()
  return cellAction('export', async () => {
    const bytes = await exportStep(encodeColumnsInWorker(predictionColumns(forecasts)))
    saveBytes(bytes, `predictions-${evaluation.split}.parquet`, 'application/vnd.apache.parquet')
  })
}

/** metrics.json: the evaluation as the headless run writes it. */
export function downloadMetrics(): void {
  const ev = get().evaluate.evaluation
  if (!ev) return
  saveBytes(new TextEncoder().encode(JSON.stringify(ev, null, 2)).buffer as ArrayBuffer, 'metrics.json', 'application/json')
}
