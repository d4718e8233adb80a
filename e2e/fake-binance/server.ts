/**
 * A fake Binance klines API over real HTTP on 127.0.0.1, serving the bundled real candles. Browser and unit
 * tests fetch from it; faults are queued through /__fake/faults so a test can walk the client through them.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { INTERVAL_MS, seriesKey, type Candles, type Interval } from '../../src/data/types'
import { decodeCandleFile, toArrayBuffer } from '../../src/data/decode'

export type FaultKind = '429' | '418' | '500' | 'slow' | 'truncated' | 'nocors' | 'reset'

export interface Fault {
  kind: FaultKind
  /** Requests it applies to, default 1. */
  times?: number
  /** Seconds, sent as Retry-After with 429/418. */
  retryAfter?: number
  /** For `slow`: how long to wait before answering. */
  delayMs?: number
  /** Only requests for this symbol; default any. */
  symbol?: string
}

export interface LoggedRequest {
  /** Arrival, epoch ms. */
  at: number
  method: string
  path: string
  query: Record<string, string>
  status: number
  fault?: FaultKind
}

export interface FakeBinance {
  url: string
  requests: LoggedRequest[]
  addFaults(f: Fault[]): void
  reset(): void
  candles(symbol: string, interval: Interval): Candles | undefined
  /** The exchange's clock: epoch ms now. Real time unless set; a set clock stands still until set or advanced again. */
  now(): number
  /** Sets the clock (epoch ms), moves it by `advance` ms, or with `real` goes back to wall-clock time. */
  setClock(c: ClockChange): number
  close(): Promise<void>
}

/** What POST /__fake/clock takes: `{"set": ms}`, `{"advance": ms}` or `{"real": true}`. */
export type ClockChange = { set: number } | { advance: number } | { real: true }

const DEFAULT_DATA = fileURLToPath(new URL('../../public/data/', import.meta.url))

export async function loadCandles(dir = DEFAULT_DATA): Promise<Map<string, Candles>> {
  const out = new Map<string, Candles>()
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.parquet'))) {
    const { series } = await decodeCandleFile(toArrayBuffer(readFileSync(dir + f)), f, {}, 'bundled')
    for (const s of series) out.set(seriesKey(s), s.candles)
  }
  return out
}

/** Binance's request weight for klines, by limit. */
function klinesWeight(limit: number): number {
  return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10
}

export async function startFakeBinance(opts: { port?: number; dataDir?: string } = {}): Promise<FakeBinance> {
  const data = await loadCandles(opts.dataDir)
  const requests: LoggedRequest[] = []
  let faults: Fault[] = []
  let weights: { at: number; w: number }[] = []
  // A clock that can be set lets a test run hours of live mode in seconds: bars are served only up to it.
  let frozenAt: number | undefined
  const now = () => frozenAt ?? Date.now()

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, cors = true) => {
    res.writeHead(status, {
      'Content-Type': 'application/json;charset=UTF-8',
      ...(cors ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'X-MBX-USED-WEIGHT-1M, Retry-After' } : {}),
      ...headers,
    })
    res.end(body)
  }

  const takeFault = (symbol: string): Fault | undefined => {
    const i = faults.findIndex((f) => !f.symbol || f.symbol === symbol)
    if (i < 0) return undefined
    const f = faults[i]!
    f.times = (f.times ?? 1) - 1
    if (f.times <= 0) faults.splice(i, 1)
    return f
  }

  const klines = async (req: IncomingMessage, res: ServerResponse, q: Record<string, string>, log: LoggedRequest) => {
    const symbol = q.symbol ?? ''
    const interval = q.interval as Interval
    const fault = takeFault(symbol)
    log.fault = fault?.kind
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000))
    if (fault?.kind === 'reset') {
      log.status = 0
      req.socket.destroy()
      return
    }
    const at = now()
    const limit = Math.min(1000, Math.max(1, Number(q.limit ?? 500) || 500))
    weights = weights.filter((w) => at - w.at < 60_000)
    weights.push({ at, w: klinesWeight(limit) })
    const weight = { 'X-MBX-USED-WEIGHT-1M': String(weights.reduce((s, w) => s + w.w, 0)) }
    const fail = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.status = status
      send(res, status, JSON.stringify(body), { ...weight, ...headers })
    }
    if (fault?.kind === '429' || fault?.kind === '418') {
      return fail(Number(fault.kind), { code: -1003, msg: 'Way too many requests; IP banned until later.' }, { 'Retry-After': String(fault.retryAfter ?? 1) })
    }
    if (fault?.kind === '500') return fail(500, { code: -1000, msg: 'An unknown error occurred while processing the request.' })
    if (!(interval in INTERVAL_MS)) return fail(400, { code: -1120, msg: 'Invalid interval.' })
    const c = data.get(`${symbol} ${interval}`)
    if (!c) return fail(400, { code: -1121, msg: 'Invalid symbol.' })
    const t = c.openTime
    const start = q.startTime !== undefined ? Number(q.startTime) : undefined
    const end = q.endTime !== undefined ? Number(q.endTime) : undefined
    let lo = 0
    // Only bars that have opened by the exchange's now exist; the last may still be forming, as on Binance.
    let hi = t.length
    while (hi > 0 && t[hi - 1]! > at) hi--
    if (start !== undefined) while (lo < t.length && t[lo]! < start) lo++
    if (end !== undefined) while (hi > 0 && t[hi - 1]! > end) hi--
    if (start !== undefined) hi = Math.min(hi, lo + limit)
    else lo = Math.max(lo, hi - limit)
    const step = INTERVAL_MS[interval]
    const rows = []
    for (let i = lo; i < hi; i++) {
      const f8 = (x: number) => x.toFixed(8)
      rows.push([t[i], f8(c.open[i]!), f8(c.high[i]!), f8(c.low[i]!), f8(c.close[i]!), f8(c.volume[i]!), t[i]! + step - 1,
        f8(c.volume[i]! * c.close[i]!), 1000, f8(c.volume[i]! / 2), f8((c.volume[i]! * c.close[i]!) / 2), '0'])
    }
    let body = JSON.stringify(rows)
    if (fault?.kind === 'truncated') body = body.slice(0, Math.floor(body.length / 2))
    log.status = 200
    send(res, 200, body, weight, fault?.kind !== 'nocors')
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const query = Object.fromEntries(url.searchParams)
    const log: LoggedRequest = { at: Date.now(), method: req.method ?? 'GET', path: url.pathname, query, status: 0 }
    if (url.pathname.startsWith('/__fake/')) return control(req, res, url.pathname)
    requests.push(log)
    if (req.method === 'OPTIONS') {
      // A plain GET never needs this; it is logged so tests can prove no preflight was sent.
      log.status = 204
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET' })
      return res.end()
    }
    if (url.pathname === '/api/v3/klines' && req.method === 'GET') {
      klines(req, res, query, log).catch((e) => send(res, 500, JSON.stringify({ msg: String(e) })))
      return
    }
    if (url.pathname === '/api/v3/time') {
      log.status = 200
      return send(res, 200, JSON.stringify({ serverTime: now() }))
    }
    if (url.pathname === '/api/v3/ping') {
      log.status = 200
      return send(res, 200, '{}')
    }
    log.status = 404
    send(res, 404, JSON.stringify({ code: -1, msg: 'Not found' }))
  })

  const control = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const ok = (body: unknown) => send(res, 200, JSON.stringify(body))
    if (path === '/__fake/requests') return ok(requests)
    let raw = ''
    req.on('data', (d) => (raw += d))
    req.on('end', () => {
      if (path === '/__fake/faults') {
        faults.push(...(JSON.parse(raw || '[]') as Fault[]))
        return ok({ queued: faults.length })
      }
      if (path === '/__fake/clock') {
        try {
          return ok({ serverTime: api.setClock(JSON.parse(raw || '{}') as ClockChange) })
        } catch (e) {
          return send(res, 400, JSON.stringify({ msg: (e as Error).message }))
        }
      }
      if (path === '/__fake/reset') {
        api.reset()
        return ok({})
      }
      send(res, 404, '{}')
    })
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const api: FakeBinance = {
    url: `http://127.0.0.1:${port}`,
    requests,
    addFaults: (f) => faults.push(...f),
    reset: () => {
      faults = []
      requests.length = 0
      weights = []
      frozenAt = undefined
    },
    candles: (symbol, interval) => data.get(`${symbol} ${interval}`),
    now,
    setClock: (c) => {
      if ('set' in c && Number.isFinite(c.set)) frozenAt = c.set
      else if ('advance' in c && Number.isFinite(c.advance)) frozenAt = now() + c.advance
      else if ('real' in c && c.real === true) frozenAt = undefined
      else throw new Error(`fake: clock takes {"set": ms}, {"advance": ms} or {"real": true}, not ${JSON.stringify(c)}`)
      return now()
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
  return api
}
