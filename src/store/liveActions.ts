import { fetchKlines } from '../data/binance'
import { DEFAULT_RETRY, backoffDelay } from '../data/retry'
import { fetchHttp, saveBytes } from '../data/sources'
import type { Candles } from '../data/types'
import { paperAccount } from '../eval/live/paper'
import { finishRefresh, planRefresh, type LiveSnapshot } from '../eval/live/refresh'
import { HOUR, QUARTER, lastClosedHour, nextRefreshAt } from '../eval/live/schedule'
import { liveScores } from '../eval/live/score'
import type { Levels } from '../eval/types'
import { liveForecastColumns } from '../export/liveColumns'
import { deleteSession, LOG_KEEP, readSession, storeNewSession, storeSession, type LiveSession } from '../export/liveSessions'
import type { RunRecord } from '../export/runRecord'
import { tradeColumns } from '../eval/backtest/trades'
import type { ModelArtifactsData } from '../model/portable'
import { seededRng } from '../util/rng'
import { sleep } from '../util/time'
import { encodeColumnsInWorker } from '../workers/dataClient'
import { TrainSession } from '../workers/trainClient'
import { currentRun, readModelFiles } from './exportActions'
import { useLive, type LiveState } from './liveStore'
import { useStudio } from './store'

const set = useLive.setState
const get = useLive.getState

/** Bars fetched per refresh: 1000 1h bars feed the indicators' warm-up, the EWMA scale and the baselines' history. */
const H1_BARS = 1000
const M15_BARS = 300
/** Retries after a failed refresh wait 15 s, 30 s, … up to 5 min (with jitter), or until the next slot if sooner. */
const RETRY = { ...DEFAULT_RETRY, baseDelayMs: 15_000, maxDelayMs: 300_000 }

let worker: TrainSession | undefined
let timer: ReturnType<typeof setTimeout> | undefined
/** The exchange's clock minus the page's, from the last GET /api/v3/time. */
let offset = 0
let ctl: AbortController | undefined
/** The slot the pending timer is for: how late the refresh ran is measured from it. */
let slot: number | undefined

const exchangeNow = () => Date.now() + offset

export function setLiveBaseUrl(baseUrl: string) {
  set({ baseUrl })
}

export function selectLiveCoin(symbol: string) {
  set({ selected: symbol })
}

/** The run's snapshot live mode builds features with: its feature set and per-coin statistics, never refitted. */
export function snapshotOf(record: RunRecord, rule: LiveSession['rule']): LiveSnapshot {
  const head = record.config.model.head
  const levels: Levels = head.kind === 'quantiles' ? head.quantiles : [0.1, 0.5, 0.9]
  const stats = Object.fromEntries(record.coins.map((c) => [c.symbol, {
    h1: { mean: Float64Array.from(c.stats.h1.mean), std: Float64Array.from(c.stats.h1.std) },
    m15: { mean: Float64Array.from(c.stats.m15.mean), std: Float64Array.from(c.stats.m15.std) },
  }]))
  return { features: record.config.features, stats, levels, ewmaLambda: record.evaluation?.ewmaLambda ?? 0.94, rule }
}

/** Starts live mode with the model in the notebook: the one just trained, or loaded in the Export cell. */
export function startLive(): Promise<void> {
  return starting(async () => {
    const { record, artifacts } = await currentRun().catch((e: Error) => {
      throw new Error(`live: ${e.message.replace(/^export: /, '')}`)
    })
    return begin(record, artifacts, 'this notebook')
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

async function begin(record: RunRecord, artifacts: ModelArtifactsData, from: string): Promise<void> {
  const url = baseUrl()
  const model = await loadWorker(record, artifacts, from)
  const now = await serverTime(url)
  // The run's own Backtest settings: for a model trained here, the page's as they are now.
  const { coins: _, split: __, ...rule } = record.config.backtest
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
    worker?.terminate()
    worker = s
    return { name: `${record.name} (from ${from})`, backend: info.backend, params: info.params }
  } catch (e) {
    s.terminate()
    throw e
  }
}

/** Stops refreshing; the session stays stored and Continue picks it up. */
export function stopLive() {
  stopTimer()
  ctl?.abort(new Error('live: stopped'))
  if (get().session) set({ status: 'stopped', nextAt: undefined, retry: undefined })
}

/** Ends the session: forgets its forecasts and account (export them first). */
export async function endLive() {
  stopLive()
  worker?.terminate()
  worker = undefined
  await deleteSession().catch(() => {})
  set({ status: 'idle', session: undefined, scores: undefined, account: undefined, model: undefined, last15m: {}, notes: [], error: undefined })
}

function stopTimer() {
  if (timer !== undefined) clearTimeout(timer)
  timer = undefined
}

function schedule(at: number) {
  stopTimer()
  slot = at
  set({ nextAt: at })
  timer = setTimeout(() => void refresh(), Math.max(0, at - exchangeNow()))
}

/** A tab coming back from the background: if a slot passed while its timer was throttled, refresh now. */
export function onPageVisible() {
  if (get().status === 'running' && !get().refreshing && get().nextAt !== undefined && exchangeNow() >= get().nextAt!) void refresh()
}

async function serverTime(url: string): Promise<number> {
  const res = await fetchHttp.get(`${url}/api/v3/time`, new AbortController().signal).catch(async () => {
    throw new Error((await fetchHttp.explainNetworkFailure?.(`${url}/api/v3/time`)) ?? `binance: cannot reach ${url}`)
  })
  const text = await res.text()
  const t = (JSON.parse(res.status === 200 ? text : '{}') as { serverTime?: unknown }).serverTime
  if (typeof t !== 'number') throw new Error(`binance: ${url}/api/v3/time answered HTTP ${res.status}, not the exchange's time; is this a Binance API base URL?`)
  offset = t - Date.now()
  return t
}

/** One refresh: the exchange's time, the latest closed bars, scores that came due, new forecasts; then the next slot. */
export async function refresh(): Promise<void> {
  const session = get().session
  if (!session || !worker || get().refreshing) return
  set({ refreshing: true })
  const scheduledFor = slot
  ctl = new AbortController()
  try {
    const now = await serverTime(session.baseUrl)
    const bar = lastClosedHour(now)
    const last15 = Math.floor(now / QUARTER) * QUARTER - QUARTER
    const jobs = session.symbols.flatMap((symbol) => [
      { symbol, interval: '1h' as const, range: { start: bar - (H1_BARS - 1) * HOUR, end: bar } },
      { symbol, interval: '15m' as const, range: { start: last15 - (M15_BARS - 1) * QUARTER, end: last15 } },
    ])
    const res = await fetchKlines(
      { baseUrl: session.baseUrl, jobs, spacingMs: useStudio.getState().config.data.binance.spacingMs, policy: DEFAULT_RETRY, signal: ctl.signal },
      { http: fetchHttp, now: exchangeNow, sleep, rng: seededRng(now) },
    )
    if (res.series.length === 0) throw new Error(`live: no series could be fetched — ${res.failures.map((f) => f.message).join('; ')}`)
    const fetched = new Map<string, { h1: Candles; m15: Candles }>()
    for (const s of res.series) fetched.set(s.symbol, { ...(fetched.get(s.symbol) ?? { h1: empty(), m15: empty() }), [s.interval === '1h' ? 'h1' : 'm15']: s.candles })
    const failures = new Map(res.failures.map((f) => [f.symbol, f.message]))
    const snap = snapshotOf(session.record, session.rule)
    const plan = planRefresh(now, session.forecasts, fetched, failures, snap, session.symbols)
    let forecasts = plan.forecasts
    if (plan.inputs.length) {
      const n = plan.inputs.length
      const cat = (k: 'h1' | 'm15') => {
        const size = plan.inputs[0]!.windows[k].length
        const out = new Float32Array(n * size)
        plan.inputs.forEach((x, i) => out.set(x.windows[k], i * size))
        return out
      }
      const out = await worker.predict(cat('h1'), cat('m15'), n)
      forecasts = finishRefresh(plan, out.values, out.outputs, snap)
    }
    const skipped = { ...session.skipped }
    for (const s of plan.skipped) skipped[s] = (skipped[s] ?? 0) + 1
    const log = [...session.log, { at: now, lateBy: scheduledFor === undefined ? 0 : Math.max(0, now - scheduledFor), made: forecasts.length - plan.forecasts.length, scored: plan.scored, skipped: plan.skipped }].slice(-LOG_KEEP)
    const next: LiveSession = { ...session, forecasts, log, skipped }
    if (get().session?.id !== session.id) return // ended or replaced meanwhile
    const last15m = Object.fromEntries([...fetched].filter(([, c]) => c.m15.openTime.length).map(([s, c]) => [s, { openTime: c.m15.openTime[c.m15.openTime.length - 1]!, close: c.m15.close[c.m15.close.length - 1]! }]))
    set({ session: next, last15m, retry: undefined, ...derive(next) })
    await storeSession(next).catch((e: Error) => set({ notes: [e.message] }))
    if (get().status === 'running') schedule(nextRefreshAt(now))
  } catch (e) {
    if (get().status !== 'running') return
    const attempt = (get().retry?.attempt ?? 0) + 1
    const wait = Math.min(backoffDelay(RETRY, attempt, seededRng(attempt)), nextRefreshAt(exchangeNow()) - exchangeNow())
    const at = exchangeNow() + Math.max(1000, wait)
    set({ retry: { message: (e as Error).message, at, attempt } })
    schedule(at)
  } finally {
    set({ refreshing: false })
  }
}

function empty(): Candles {
  const z = new Float64Array(0)
  return { openTime: z, open: z, high: z, low: z, close: z, volume: z }
}

/** Scores and the paper account, recomputed from the forecasts (the same numbers after a reload). */
function derive(s: LiveSession): Pick<LiveState, 'scores' | 'account'> {
  const snap = snapshotOf(s.record, s.rule)
  return { scores: liveScores(s.forecasts, snap.levels), account: paperAccount(s.forecasts, s.rule, s.record.config.features.horizon, s.symbols) }
}

/** Forecasts with their scores, and the paper account's trades, as two Parquet downloads. */
export async function exportLive(): Promise<void> {
  const s = get().session
  const account = get().account
  if (!s || !account) return
  try {
    saveBytes(await encodeColumnsInWorker(liveForecastColumns(s.forecasts)), 'live-forecasts.parquet', 'application/vnd.apache.parquet')
    saveBytes(await encodeColumnsInWorker(tradeColumns(account.fills)), 'live-trades.parquet', 'application/vnd.apache.parquet')
  } catch (e) {
    set({ error: `live: export failed (${(e as Error).message}); the session is unchanged` })
  }
}

/** The newest forecast of every coin in the `npm run live -- --once` format: q as log returns. */
export function latestJson(): string {
  const s = get().session
  if (!s) return '{}'
  const bar = Math.max(...s.forecasts.map((f) => f.barOpenTime))
  const last = s.log[s.log.length - 1]
  return JSON.stringify({
    exchangeTime: last?.at ?? null,
    forecasts: s.forecasts.filter((f) => f.barOpenTime === bar).map((f) => ({ symbol: f.symbol, barOpenTime: f.barOpenTime, close: f.close, q10: f.q10, q50: f.q50, q90: f.q90, position: f.position })),
  })
}

/** Every scored forecast as JSON lines: what `npm run live` appends to --out. */
export function scoredJsonLines(): string {
  const s = get().session
  return (s?.forecasts ?? []).filter((f) => f.realised).map((f) => JSON.stringify(f)).join('\n')
}

export function downloadLatest() {
  saveBytes(new TextEncoder().encode(latestJson()).buffer as ArrayBuffer, 'live-latest.json', 'application/json')
}

export function downloadScored() {
  saveBytes(new TextEncoder().encode(scoredJsonLines()).buffer as ArrayBuffer, 'live-scored.jsonl', 'application/json')
}
