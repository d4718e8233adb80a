import type { Rng } from '../util/rng'
import { mergeCandles, sliceCandles, EMPTY_CANDLES } from './candles'
import { parseKlines } from './klines'
import { estimatePages, missingRanges, remaining, type Range } from './pager'
import { decide, describeFailure, retryAfterMs, type Failure, type RetryPolicy } from './retry'
import { INTERVAL_MS, type Candles, type Interval } from './types'

/** Binance never sends more than this many klines per request. */
export const PAGE_LIMIT = 1000

/** The one HTTP seam: sources.ts gives the browser's fetch, tests a real server or a stub. */
export interface Http {
  get(url: string, signal: AbortSignal): Promise<{ status: number; header(name: string): string | null; text(): Promise<string> }>
  /** After network failures: a sentence saying why (CORS refusal vs. unreachable), if it can tell. */
  explainNetworkFailure?(url: string): Promise<string | undefined>
}

/** What a previous fetch left: candles for a fully covered range of open times. */
export interface CacheEntry {
  candles: Candles
  covered: Range
}

export interface KlineCache {
  get(key: string): Promise<CacheEntry | undefined>
  put(key: string, entry: CacheEntry): Promise<void>
}

export interface FetchJob {
  symbol: string
  interval: Interval
  range: Range
}

export interface FetchProgress {
  /** Requests answered so far (successful pages). */
  done: number
  /** Pages the whole fetch is expected to take. */
  total: number
  startedAt: number
  /** Series being fetched now, `BTCUSDT 1h`. */
  current?: string
  /** While paused by a 429/418: when requests resume, epoch ms. */
  waitUntil?: number
  /** The server's `X-MBX-USED-WEIGHT-1M`, when it sends one. */
  usedWeight?: number
  /** Bars newer than the cache held: series that were already cached ask for less. */
  cachedSeries: number
}

export interface FetchResult {
  /** Fully fetched series, in job order, each cut to its job's range. */
  series: { symbol: string; interval: Interval; candles: Candles }[]
  /** Series that failed, with why. Nothing of a failed series is returned or cached. */
  failures: { symbol: string; interval: Interval; message: string }[]
}

export interface FetchDeps {
  http: Http
  cache?: KlineCache
  now(): number
  sleep(ms: number, signal: AbortSignal): Promise<void>
  rng: Rng
  onProgress?(p: FetchProgress): void
}

export interface FetchOptions {
  baseUrl: string
  jobs: FetchJob[]
  /** Least time between the starts of two requests. */
  spacingMs: number
  policy: RetryPolicy
  signal: AbortSignal
}

export function cacheKey(baseUrl: string, symbol: string, interval: Interval): string {
  return `${baseUrl.replace(/\/+$/, '')}|${symbol}|${interval}`
}

class FatalError extends Error {}

/**
 * Fetches every job's range, page by page, oldest first; one request at a time, spaced, with retries.
 * A series that fails is reported and skipped, the others go on; a rate-limit pause stops all requests.
 * Throws only when the whole fetch must stop: cancelled, a CORS refusal, or rate-limited too long.
 */
export async function fetchKlines(opts: FetchOptions, deps: FetchDeps): Promise<FetchResult> {
  const base = opts.baseUrl.replace(/\/+$/, '')
  const plans = await Promise.all(opts.jobs.map(async (job) => {
    const key = cacheKey(base, job.symbol, job.interval)
    const cached = await deps.cache?.get(key)
    return { job, key, cached, missing: missingRanges(job.range, cached?.covered, INTERVAL_MS[job.interval]) }
  }))
  const progress: FetchProgress = {
    done: 0,
    total: plans.reduce((s, p) => s + p.missing.reduce((t, r) => t + estimatePages(r, INTERVAL_MS[p.job.interval], PAGE_LIMIT), 0), 0),
    startedAt: deps.now(),
    cachedSeries: plans.filter((p) => p.cached).length,
  }
  const report = () => deps.onProgress?.({ ...progress })
  report()
  let lastRequestAt = -Infinity
  const result: FetchResult = { series: [], failures: [] }

  for (const { job, key, cached, missing } of plans) {
    const name = `${job.symbol} ${job.interval}`
    progress.current = name
    const step = INTERVAL_MS[job.interval]
    let fresh: Candles = EMPTY_CANDLES
    try {
      for (const range of missing) {
        let r: Range | undefined = range
        while (r) {
          const url = `${base}/api/v3/klines?symbol=${encodeURIComponent(job.symbol)}&interval=${job.interval}&startTime=${r.start}&endTime=${r.end}&limit=${PAGE_LIMIT}`
          const page = await requestPage(url, job, opts, deps, progress, report, () => lastRequestAt, (t) => (lastRequestAt = t))
          fresh = mergeCandles(fresh, page.candles)
          progress.done++
          progress.total = Math.max(progress.total, progress.done)
          report()
          r = remaining(r, page.lastOpenTime, page.received, PAGE_LIMIT, step)
        }
      }
    } catch (e) {
      if (e instanceof FatalError || opts.signal.aborted) throw e
      result.failures.push({ symbol: job.symbol, interval: job.interval, message: (e as Error).message })
      continue
    }
    // The cache keeps one contiguous covered range: extend it when this fetch touches it, else start over.
    const joined = cached && touches(cached.covered, job.range, step)
    const all = joined ? mergeCandles(cached.candles, fresh) : fresh
    const covered = joined ? { start: Math.min(cached.covered.start, job.range.start), end: Math.max(cached.covered.end, job.range.end) } : job.range
    await deps.cache?.put(key, { candles: all, covered })
    result.series.push({ symbol: job.symbol, interval: job.interval, candles: sliceCandles(all, job.range.start, job.range.end) })
  }
  progress.current = undefined
  report()
  return result
}

async function requestPage(
  url: string,
  job: FetchJob,
  opts: FetchOptions,
  deps: FetchDeps,
  progress: FetchProgress,
  report: () => void,
  lastStart: () => number,
  setLastStart: (t: number) => void,
) {
  const name = `${job.symbol} ${job.interval}`
  let attempt = 0
  let rateLimitWaits = 0
  for (;;) {
    throwIfCancelled(opts.signal)
    const wait = lastStart() + opts.spacingMs - deps.now()
    if (wait > 0) await deps.sleep(wait, opts.signal)
    setLastStart(deps.now())
    const outcome = await attemptOnce(url, job, opts, deps)
    if (outcome.ok) {
      if (outcome.usedWeight !== undefined) progress.usedWeight = outcome.usedWeight
      return outcome.page
    }
    const f = outcome.failure
    const d = decide(opts.policy, f, f.kind === 'rate-limit' ? attempt : ++attempt, rateLimitWaits, deps.rng)
    if (d.action === 'fail') {
      if (f.kind === 'rate-limit') throw new FatalError(`binance: still rate-limited (HTTP ${f.status}) after ${rateLimitWaits} waits; try again later`)
      if (f.kind === 'network') {
        const why = await deps.http.explainNetworkFailure?.(url)
        if (why) throw new FatalError(why)
      }
      if (f.kind === 'rejected' && f.code === -1121) throw new Error(`binance: unknown symbol ${job.symbol} (code -1121: ${f.msg ?? 'Invalid symbol.'})`)
      throw new Error(`binance: ${name} failed${attempt > 1 ? ` after ${attempt} attempts` : ''}: ${describeFailure(f)}`)
    }
    if (d.action === 'wait') {
      rateLimitWaits++
      progress.waitUntil = deps.now() + d.ms
      report()
    }
    await deps.sleep(d.ms, opts.signal)
    if (d.action === 'wait') {
      progress.waitUntil = undefined
      report()
    }
  }
}

type Outcome =
  | { ok: true; page: ReturnType<typeof parseKlines>; usedWeight?: number }
  | { ok: false; failure: Failure }

async function attemptOnce(url: string, job: FetchJob, opts: FetchOptions, deps: FetchDeps): Promise<Outcome> {
  const ctl = new AbortController()
  const onAbort = () => ctl.abort(opts.signal.reason)
  opts.signal.addEventListener('abort', onAbort, { once: true })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    ctl.abort(new Error('timeout'))
  }, opts.policy.timeoutMs)
  try {
    const res = await deps.http.get(url, ctl.signal)
    const text = await res.text()
    const weight = Number(res.header('x-mbx-used-weight-1m') ?? NaN)
    const usedWeight = Number.isFinite(weight) ? weight : undefined
    if (res.status === 429 || res.status === 418) {
      return { ok: false, failure: { kind: 'rate-limit', status: res.status, retryAfterMs: retryAfterMs(res.header('retry-after'), opts.policy.defaultRetryAfterMs) } }
    }
    if (res.status >= 500) return { ok: false, failure: { kind: 'server', status: res.status } }
    if (res.status !== 200) {
      const body = safeJson(text) as { code?: unknown; msg?: unknown } | undefined
      return {
        ok: false,
        failure: { kind: 'rejected', status: res.status, code: typeof body?.code === 'number' ? body.code : undefined, msg: typeof body?.msg === 'string' ? body.msg : undefined },
      }
    }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch (e) {
      return { ok: false, failure: { kind: 'malformed', message: (e as Error).message } }
    }
    try {
      return { ok: true, page: parseKlines(body, job.symbol, job.interval, deps.now()), usedWeight }
    } catch (e) {
      return { ok: false, failure: { kind: 'malformed', message: (e as Error).message } }
    }
  } catch (e) {
    throwIfCancelled(opts.signal)
    if (timedOut) return { ok: false, failure: { kind: 'timeout' } }
    return { ok: false, failure: { kind: 'network', message: (e as Error).message } }
  } finally {
    clearTimeout(timer)
    opts.signal.removeEventListener('abort', onAbort)
  }
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('binance: cancelled')
}

function touches(a: Range, b: Range, step: number): boolean {
  return a.end >= b.start - step && a.start <= b.end + step
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
