import { fetchKlines } from '../data/binance'
import { DEFAULT_RETRY, backoffDelay } from '../data/retry'
import { fetchHttp } from '../data/sources'
import type { Candles } from '../data/types'
import { paperAccount } from '../eval/live/paper'
import { finishRefresh, planRefresh, type LiveSnapshot } from '../eval/live/refresh'
import { HOUR, QUARTER, lastClosedHour, nextRefreshAt } from '../eval/live/schedule'
import { liveScores } from '../eval/live/score'
import type { Levels } from '../eval/types'
import { LOG_KEEP, storeSession, type LiveSession } from '../export/liveSessions'
import type { RunRecord } from '../export/runRecord'
import { seededRng } from '../util/rng'
import { sleep } from '../util/time'
import type { TrainSession } from '../workers/trainClient'
import { useLive, type LiveState } from './liveStore'
import { useStudio } from './store'

// The refresh engine: the exchange's clock, the schedule, one refresh. Sessions start and end in liveActions.ts.
const set = useLive.setState
const get = useLive.getState

/** Bars fetched per refresh: 1000 1h bars feed the indicators' warm-up, the EWMA scale and the baselines' history. */
const H1_BARS = 1000
const M15_BARS = 300
/** Retries after a failed refresh wait 15 s, 30 s, … up to 5 min (with jitter), or until the next slot if sooner. */
const RETRY = { ...DEFAULT_RETRY, baseDelayMs: 15_000, maxDelayMs: 300_000 }

let worker: TrainSession | undefined

/** The worker holding the session's model; the old one is ended. */
export function setLiveWorker(w: TrainSession | undefined) {
  if (w !== worker) worker?.terminate()
  worker = w
}

let timer: ReturnType<typeof setTimeout> | undefined
/** The exchange's clock minus the page's, from the last GET /api/v3/time. */
let offset = 0
let ctl: AbortController | undefined
/** The slot the pending timer is for: how late the refresh ran is measured from it. */
let slot: number | undefined

export const exchangeNow = () => Date.now() + offset

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

/** Cancels the fetch in flight, if any. */
export function stopRequests() {
  ctl?.abort(new Error('live: stopped'))
}

export function stopTimer() {
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

export async function serverTime(url: string): Promise<number> {
  const res = await fetchHttp.get(`${url}/api/v3/time`, new AbortController().signal).catch(async () => {
    throw new Error((await fetchHttp.explainNetworkFailure?.(`${url}/api/v3/time`)) ?? `binance: cannot reach ${url}`)
  })
  const text = await res.text()
  let t: unknown
  try {
    t = (JSON.parse(res.status === 200 ? text : '{}') as { serverTime?: unknown } | null)?.serverTime
  } catch {
    t = undefined
  }
  if (typeof t !== 'number') throw new Error(`binance: ${url}/api/v3/time answered HTTP ${res.status}, not the exchange's time; is this a Binance API base URL?`)
  offset = t - Date.now()
  return t
}

/** A refresh asked for while one runs (a new session started meanwhile): it runs right after. */
let queued = false

/** One refresh: the exchange's time, the latest closed bars, scores that came due, new forecasts; then the next slot. */
export async function refresh(): Promise<void> {
  const session = get().session
  if (!session || !worker) return
  if (get().refreshing) {
    queued = true
    return
  }
  set({ refreshing: true })
  const t0 = performance.now()
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
    const log = [...session.log, { at: now, lateBy: scheduledFor === undefined ? 0 : Math.max(0, now - scheduledFor), made: forecasts.length - plan.forecasts.length, scored: plan.scored, ms: Math.round(performance.now() - t0), skipped: plan.skipped }].slice(-LOG_KEEP)
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
    if (queued) {
      queued = false
      void refresh()
    }
  }
}

function empty(): Candles {
  const z = new Float64Array(0)
  return { openTime: z, open: z, high: z, low: z, close: z, volume: z }
}

/** Scores and the paper account, recomputed from the forecasts (the same numbers after a reload). */
export function derive(s: LiveSession): Pick<LiveState, 'scores' | 'account'> {
  const snap = snapshotOf(s.record, s.rule)
  return { scores: liveScores(s.forecasts, snap.levels), account: paperAccount(s.forecasts, s.rule, s.record.config.features.horizon, s.symbols) }
}
