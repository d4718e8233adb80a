import { deleteSession, readSession, storeNewSession, type LiveSession } from '../export/liveSessions'
import type { RunRecord } from '../export/runRecord'
import type { ModelArtifactsData } from '../model/portable'
import { TrainSession } from '../workers/trainClient'
import { currentRun, readModelFiles } from './exportActions'
import { useLive, type LiveState } from './liveStore'
import { derive, refresh, serverTime, setLiveWorker, stopTimer, stopRequests } from './liveRefresh'
import { useStudio } from './store'

const set = useLive.setState
const get = useLive.getState

export function setLiveBaseUrl(baseUrl: string) {
  set({ baseUrl })
}

export function selectLiveCoin(symbol: string) {
  set({ selected: symbol })
}

/** Starts live mode with the model in the notebook: the one just trained, or loaded in the Export cell. */
export function startLive(): Promise<void> {
  return starting(async () => {
    const { record, artifacts } = await currentRun().catch((e: Error) => {
      throw new Error(`live: ${e.message.replace(/^export: /, '')}`)
    })
    // The Backtest rule is not part of the model: the Backtest cell's settings as they are now.
    return begin(record, artifacts, 'this notebook', useStudio.getState().config.backtest)
  })
}

/** Starts live mode with model.json, weights.bin and run.json picked as files (run.json is needed: it holds the statistics). */
export function startLiveFromFiles(files: File[]): Promise<void> {
  return starting(async () => {
    const { artifacts, record } = await readModelFiles(files)
    if (!record) throw new Error('live: pick run.json with model.json and weights.bin; it holds the feature set and the statistics the model was trained with')
    return begin(record, artifacts, 'files')
  })
}

async function starting(work: () => Promise<void>): Promise<void> {
  const before = get().status
  set({ status: 'starting', error: undefined })
  try {
    await work()
  } catch (e) {
    set({ status: before === 'starting' ? 'idle' : before, error: (e as Error).message })
  }
}

function baseUrl(): string {
  return (get().baseUrl || useStudio.getState().config.data.binance.baseUrl).replace(/\/+$/, '')
}

async function begin(record: RunRecord, artifacts: ModelArtifactsData, from: string, backtest = record.config.backtest): Promise<void> {
  const url = baseUrl()
  const now = await serverTime(url)
  const model = await loadWorker(record, artifacts, from)
  // The Backtest rule to paper-trade: the page's for a model in this notebook, the run's own for one from files.
  const { coins: _, split: __, ...rule } = backtest
  const session: LiveSession = {
    id: `live-${now.toString(36)}`, startedAt: now, baseUrl: url, symbols: record.coins.map((c) => c.symbol), record, rule,
    forecasts: [], log: [], skipped: {},
  }
  await storeNewSession(session, artifacts).catch((e: Error) => set({ notes: [e.message] }))
  stopTimer()
  set({ status: 'running', session, model, notes: get().notes, retry: undefined, selected: session.symbols[0], ...derive(session) })
  await refresh()
}

/** On opening the page: a stored session continues where it was, catching up on what it missed. */
export async function continueLive(): Promise<void> {
  if (get().status === 'running' || get().status === 'starting') return
  let stored
  try {
    stored = await readSession()
  } catch (e) {
    return set({ notes: [(e as Error).message] })
  }
  if (!stored) return
  await starting(async () => {
    const { session, model } = stored
    const info = await loadWorker(session.record, model, 'the stored session')
    stopTimer()
    set({ status: 'running', session, model: info, baseUrl: session.baseUrl, selected: session.symbols[0], ...derive(session) })
    await refresh()
  })
}

async function loadWorker(record: RunRecord, artifacts: ModelArtifactsData, from: string): Promise<NonNullable<LiveState['model']>> {
  const f = record.config.features
  const features = record.coins[0]?.stats.h1.mean.length ?? 0
  const s = new TrainSession(() => {})
  try {
    // A copy: the weights' buffer is sent to the worker, and the session keeps its own.
    const a = { ...artifacts, weightData: artifacts.weightData.slice(0) }
    const info = await s.load({ artifacts: a, lstm: record.config.model.lstm, backend: useStudio.getState().config.backend, shape: { window: f.window, h1Features: features, m15Features: features } }, [])
    setLiveWorker(s)
    return { name: `${record.name} (from ${from})`, backend: info.backend, params: info.params }
  } catch (e) {
    s.terminate()
    throw e
  }
}

/** Stops refreshing; the session stays stored and Continue picks it up. */
export function stopLive() {
  stopTimer()
  stopRequests()
  if (get().session) set({ status: 'stopped', nextAt: undefined, retry: undefined })
}

/** Ends the session: forgets its forecasts and account (export them first). */
export async function endLive() {
  stopLive()
  setLiveWorker(undefined)
  await deleteSession().catch(() => {})
  set({ status: 'idle', session: undefined, scores: undefined, account: undefined, model: undefined, last15m: {}, notes: [], error: undefined })
}
