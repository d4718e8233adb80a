import { saveBytes } from '../data/sources'
import { backtestHeadline, buildHistoryEntry, type HistoryEntry, type RunOutcome } from '../export/runHistory'
import { deleteHistory, listHistory, putHistory, putHistoryWithWeights } from '../export/runHistoryDb'
import { flatRunColumns, runsJson } from '../export/runTable'
import { encodeColumnsInWorker } from '../workers/dataClient'
import { defaultName, recordFor } from './exportActions'
import { replaceConfig } from './replaceConfig'
import { storeKeepWeights, useRuns } from './runsStore'
import { useStudio, type StudioState } from './store'
import { modelSession } from './trainActions'
import { trainLive } from './trainLive'

const set = useRuns.setState
const get = useRuns.getState

/** When the training run in progress started (its settings are in its run snapshot). */
let started: { at: number } | undefined
/** The recorded run whose model is in the worker: Evaluate's and Backtest's figures are added to it. */
let current: string | undefined
// Writes go one after another, so an evaluation never lands before the record it belongs to.
let writes: Promise<unknown> = Promise.resolve()

function note(message: string) {
  set((s) => ({ notes: [message, ...s.notes].slice(0, 3), error: undefined }))
}

function failed(e: unknown) {
  set({ error: (e as Error).message })
}

function queue(work: () => Promise<unknown>): Promise<void> {
  const next = writes.then(work).then(relist)
  writes = next.catch(failed)
  return writes as Promise<void>
}

async function relist(): Promise<void> {
  const runs = await listHistory()
  set((s) => ({ runs, compare: s.compare.filter((id) => runs.some((r) => r.id === id)) }))
}

export function refreshRuns(): Promise<void> {
  return queue(async () => {})
}

function outcomeOf(s: StudioState): RunOutcome {
  if (s.cells.train.status === 'error') return 'failed'
  return s.train.result?.stopReason === 'stopped' ? 'stopped' : 'finished'
}

/** A training run ended (finished, stopped or failed): its record goes to the history, with its weights if kept. */
function record(now: StudioState, s: StudioState, from: { at: number }): void {
  // `s` is the state as training ended; a new run started since (a quick second click) owns the page's state now.
  if (now.train.history !== s.train.history && now.cells.train.status === 'running') return void note('A run ended while another started; it was not recorded.')
  // The run's own snapshot (config, features, coins, data as trained), never the page's settings of now.
  const run = s.train.snapshot
  if (!run) return void note('A run ended before its settings were taken; it was not recorded.')
  const id = `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`
  const outcome = outcomeOf(s)
  const entry = buildHistoryEntry({
    id,
    record: recordFor(run, defaultName(run)),
    outcome,
    error: s.cells.train.error,
    startedAt: from.at,
    endedAt: s.cells.train.finishedAt ?? Date.now(),
    history: s.train.history,
    samplesPerSec: trainLive.last?.samplesPerSec,
  })
  current = outcome === 'failed' ? undefined : id
  const session = modelSession()
  const keep = get().keepWeights
  void queue(async () => {
    if (outcome === 'failed' || !session || keep === 0) return putHistory(entry)
    const artifacts = await session.artifacts().catch(() => undefined)
    return artifacts ? putHistoryWithWeights(entry, artifacts, keep) : putHistory(entry)
  })
}

/** Adds what Evaluate or Backtest found to the run whose model they scored. */
function amend(change: (e: HistoryEntry) => HistoryEntry): void {
  const id = current
  if (!id) return
  void queue(async () => {
    const entry = (await listHistory()).find((e) => e.id === id)
    if (entry) await putHistory(change(entry))
  })
}

useStudio.subscribe((s, prev) => {
  const was = prev.cells.train.status
  const now = s.cells.train.status
  if (now === 'running' && was !== 'running') {
    current = undefined
    // A model loaded from a save "runs" the Train cell without training: not a run.
    started = s.train.loaded ? undefined : { at: s.cells.train.startedAt ?? Date.now() }
  } else if (was === 'running' && now !== 'running') {
    const from = started
    started = undefined
    // Out of the task that ends training, which also redraws the Train cell: the record has a fingerprint to take.
    if (from && !s.train.loaded) setTimeout(() => record(useStudio.getState(), s, from), 0)
  }
  if (s.evaluate.evaluation && s.evaluate.evaluation !== prev.evaluate.evaluation) {
    const evaluation = s.evaluate.evaluation
    amend((e) => ({ ...e, record: { ...e.record, evaluation } }))
  }
  if (s.backtest.result && s.backtest.result !== prev.backtest.result) {
    const b = backtestHeadline(s.backtest.result)
    amend((e) => ({ ...e, backtest: b }))
  }
})

export function renameRun(id: string, name: string): Promise<void> {
  const trimmed = name.trim()
  if (!trimmed) return Promise.resolve(void set({ error: 'runs: a run needs a name; the old one is kept' }))
  return queue(async () => {
    const entry = (await listHistory()).find((e) => e.id === id)
    if (!entry) throw new Error(`runs: run ${id} is gone (deleted in another tab?)`)
    await putHistory({ ...entry, record: { ...entry.record, name: trimmed } })
    note(`Renamed "${entry.record.name}" to "${trimmed}".`)
  })
}

export function deleteRecordedRun(id: string): Promise<void> {
  const name = get().runs?.find((r) => r.id === id)?.record.name ?? id
  if (current === id) current = undefined
  return queue(async () => {
    await deleteHistory(id)
    note(`Deleted "${name}".`)
  })
}

/** Picks a run for comparing, or drops it. */
export function toggleCompare(id: string): void {
  set((s) => ({ compare: s.compare.includes(id) ? s.compare.filter((x) => x !== id) : [...s.compare, id] }))
}

export function setKeepWeights(n: number): void {
  const keep = Math.max(0, Math.min(50, Math.floor(n)))
  storeKeepWeights(keep)
  set({ keepWeights: keep })
}

export async function exportRunsJson(): Promise<void> {
  const runs = get().runs ?? []
  saveBytes(new TextEncoder().encode(runsJson(runs)).buffer as ArrayBuffer, 'runs.json', 'application/json')
}

export async function exportRunsParquet(): Promise<void> {
  try {
    const bytes = await encodeColumnsInWorker(flatRunColumns(get().runs ?? []))
    saveBytes(bytes, 'runs.parquet', 'application/vnd.apache.parquet')
  } catch (e) {
    failed(new Error(`runs: runs.parquet not written (${(e as Error).message})`))
  }
}

/**
 * Puts a run's settings back in the notebook, to change one thing and train again. Cells whose settings changed
 * start over; the loaded candles stay (a file cannot be reloaded by itself), so the data source is the page's.
 */
export function forkRun(id: string): void {
  const entry = get().runs?.find((r) => r.id === id)
  if (!entry) return void set({ error: `runs: run ${id} is gone (deleted in another tab?)` })
  const cfg = entry.record.config
  const loaded = !!useStudio.getState().data.dataset
  const before = replaceConfig({ ...cfg, data: { ...cfg.data, source: loaded ? useStudio.getState().config.data.source : cfg.data.source } })
  const pairs = loaded && JSON.stringify([before.data.pairs, before.data.intervals]) !== JSON.stringify([cfg.data.pairs, cfg.data.intervals])
  note(`Forked "${entry.record.name}": its settings are in the notebook; change one thing and train again.${pairs ? ' It loaded other pairs than the Data cell holds now; run the Data cell to load them.' : ''}`)
}
