import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeBinance, type FakeBinance } from '../../e2e/fake-binance/server'
import { seededRng } from '../util/rng'
import { sliceCandles } from './candles'
import { fetchKlines, type CacheEntry, type FetchDeps, type FetchJob, type FetchProgress, type KlineCache } from './binance'
import { DEFAULT_RETRY } from './retry'
import { fetchHttp } from './sources'

// Real HTTP against the fake exchange, which serves the bundled real candles.
let fake: FakeBinance
beforeAll(async () => (fake = await startFakeBinance()))
afterAll(() => fake.close())
beforeEach(() => fake.reset())

const H = 3_600_000
const T = 1_717_200_000_000 // 2024-06-01T00:00Z, inside every 2024 pair's bundle
const policy = { ...DEFAULT_RETRY, baseDelayMs: 10, maxDelayMs: 40, timeoutMs: 1500 }

function memoryCache(): KlineCache & { map: Map<string, CacheEntry> } {
  const map = new Map<string, CacheEntry>()
  return { map, get: async (k) => map.get(k), put: async (k, v) => void map.set(k, v) }
}

function deps(extra: Partial<FetchDeps> = {}) {
  const sleeps: number[] = []
  const progress: FetchProgress[] = []
  const d: FetchDeps = {
    http: { get: fetchHttp.get },
    now: () => Date.now(),
    // Waits are recorded, then shortened: the policy is tested, not the clock.
    sleep: async (ms) => {
      sleeps.push(ms)
      await new Promise((r) => setTimeout(r, Math.min(ms, 5)))
    },
    rng: seededRng(1),
    onProgress: (p) => progress.push(p),
    ...extra,
  }
  return { d, sleeps, progress }
}

const job = (symbol: string, bars: number, interval: '1h' | '15m' = '1h', start = T): FetchJob =>
  ({ symbol, interval, range: { start, end: start + (bars - 1) * (interval === '1h' ? H : H / 4) } })

const run = (jobs: FetchJob[], d: FetchDeps, signal = new AbortController().signal) =>
  fetchKlines({ baseUrl: fake.url, jobs, spacingMs: 100, policy, signal }, d)

const klineRequests = () => fake.requests.filter((r) => r.path === '/api/v3/klines')

describe('fetchKlines over HTTP', () => {
  it('pages forward 1000 bars at a time and returns exactly the served candles', async () => {
    // A virtual clock: time passes only in sleeps, so the spacing policy is tested, not the machine's load.
    let clock = Date.now()
    const { d, sleeps, progress } = deps({ now: () => clock })
    const sleep = d.sleep
    d.sleep = async (ms, signal) => {
      clock += ms
      await sleep(ms, signal)
    }
    const res = await run([job('BTCUSDT', 2500)], d)
    expect(res.failures).toEqual([])
    const served = sliceCandles(fake.candles('BTCUSDT', '1h')!, T, T + 2499 * H)
    expect(res.series[0]!.candles).toEqual(served)
    expect(klineRequests().map((r) => [Number(r.query.startTime), r.query.limit])).toEqual([
      [T, '1000'], [T + 1000 * H, '1000'], [T + 2000 * H, '1000'],
    ])
    expect(fake.requests.some((r) => r.method === 'OPTIONS')).toBe(false)
    // on a clock that moves only when the client sleeps, three requests need exactly two 100 ms waits
    expect(sleeps).toEqual([100, 100])
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 })
    expect(progress.at(-1)!.usedWeight).toBe(15)
  })

  it('waits out a 429 with Retry-After, retries a 500, and ends with the same candles', async () => {
    const { d, sleeps, progress } = deps()
    fake.addFaults([{ kind: '429', retryAfter: 2 }, { kind: '500' }])
    const res = await run([job('ETHUSDT', 1500)], d)
    expect(res.series[0]!.candles).toEqual(sliceCandles(fake.candles('ETHUSDT', '1h')!, T, T + 1499 * H))
    expect(klineRequests().map((r) => r.status)).toEqual([429, 500, 200, 200])
    expect(sleeps).toContain(2000)
    expect(progress.some((p) => p.waitUntil !== undefined)).toBe(true)
    expect(progress.at(-1)!.waitUntil).toBeUndefined()
  })

  it('retries truncated JSON, a dropped connection and a slow answer', async () => {
    const { d } = deps()
    fake.addFaults([{ kind: 'truncated' }, { kind: 'reset' }, { kind: 'slow', delayMs: 3000 }])
    const res = await run([job('SOLUSDT', 200)], d)
    expect(res.failures).toEqual([])
    expect(res.series[0]!.candles).toEqual(sliceCandles(fake.candles('SOLUSDT', '1h')!, T, T + 199 * H))
    expect(klineRequests()).toHaveLength(4)
  })

  it('fails one pair after its retries, names an unknown symbol, and keeps the others', async () => {
    const cache = memoryCache()
    const { d } = deps({ cache })
    fake.addFaults([{ kind: '500', times: 10, symbol: 'XRPUSDT' }])
    const res = await run([job('XRPUSDT', 100), job('FOOUSDT', 100), job('ADAUSDT', 100)], d)
    expect(res.series.map((s) => s.symbol)).toEqual(['ADAUSDT'])
    expect(res.failures).toEqual([
      { symbol: 'XRPUSDT', interval: '1h', message: 'binance: XRPUSDT 1h failed after 4 attempts: HTTP 500' },
      { symbol: 'FOOUSDT', interval: '1h', message: 'binance: unknown symbol FOOUSDT (code -1121: Invalid symbol.)' },
    ])
    expect([...cache.map.keys()]).toEqual([`${fake.url}|ADAUSDT|1h`])
  })

  it('asks only for bars newer than the cache holds', async () => {
    const cache = memoryCache()
    await run([job('BNBUSDT', 300, '15m')], deps({ cache }).d)
    fake.reset()
    const res = await run([job('BNBUSDT', 500, '15m')], deps({ cache }).d)
    expect(klineRequests().map((r) => Number(r.query.startTime))).toEqual([T + 300 * H / 4])
    expect(res.series[0]!.candles).toEqual(sliceCandles(fake.candles('BNBUSDT', '15m')!, T, T + 499 * H / 4))
    expect(cache.map.get(`${fake.url}|BNBUSDT|15m`)!.covered).toEqual({ start: T, end: T + 499 * H / 4 })
  })

  it('stops everything when rate-limited too often', async () => {
    const { d } = deps()
    fake.addFaults([{ kind: '418', times: 10, retryAfter: 1 }])
    await expect(run([job('LTCUSDT', 10), job('ADAUSDT', 10)], d)).rejects.toThrow('binance: still rate-limited (HTTP 418) after 5 waits')
  })

  it('cancels between requests and leaves only finished series in the cache', async () => {
    const cache = memoryCache()
    const ctl = new AbortController()
    const { d } = deps({ cache, onProgress: (p) => p.done === 2 && ctl.abort(new Error('binance: cancelled')) })
    await expect(run([job('LINKUSDT', 100), job('UNIUSDT', 2500)], d, ctl.signal)).rejects.toThrow('cancelled')
    expect([...cache.map.keys()]).toEqual([`${fake.url}|LINKUSDT|1h`])
  })
})

describe('the fake exchange\'s clock', () => {
  it('answers GET /api/v3/time and serves bars only up to its now; the client drops the bar still forming', async () => {
    const now = T + 10 * H + 20 * 60_000 // 10:20 on 2024-06-01
    const set = await (await fetch(`${fake.url}/__fake/clock`, { method: 'POST', body: JSON.stringify({ set: now }) })).json()
    expect(set).toEqual({ serverTime: now })
    expect(await (await fetch(`${fake.url}/api/v3/time`)).json()).toEqual({ serverTime: now })
    const { d } = deps({ now: () => now })
    const res = await run([job('BTCUSDT', 24), job('BTCUSDT', 96, '15m')], d)
    // 1h: bars 00:00 … 09:00 have closed (10:00 is forming); 15m: … 10:00 closed, 10:15 forming
    expect(Array.from(res.series[0]!.candles.openTime)).toEqual(Array.from({ length: 10 }, (_, i) => T + i * H))
    expect(res.series[1]!.candles.openTime.at(-1)).toBe(T + 10 * H)
    expect(fake.setClock({ advance: H })).toBe(now + H)
    expect(fake.setClock({ real: true })).toBeGreaterThan(Date.UTC(2025, 0, 1))
    expect((await fetch(`${fake.url}/__fake/clock`, { method: 'POST', body: '{"set":"soon"}' })).status).toBe(400)
  })
})
