import { describe, expect, it } from 'vitest'
import { backoffDelay, decide, DEFAULT_RETRY, describeFailure, retryAfterMs, type Failure } from './retry'

const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 4, maxRateLimitWaits: 2 }
const zero = () => 0
const almostOne = () => 0.999999

describe('backoffDelay', () => {
  it('doubles from the base, capped, with equal jitter in [d/2, d)', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(policy, a, zero))).toEqual([50, 100, 200, 400, 500, 500])
    expect(backoffDelay(policy, 3, almostOne)).toBeCloseTo(400, 3)
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(300)
  })
})

describe('decide', () => {
  it.each<[Failure]>([[{ kind: 'server', status: 503 }], [{ kind: 'network', message: 'Failed to fetch' }], [{ kind: 'timeout' }], [{ kind: 'malformed', message: 'Unexpected end of JSON input' }]])(
    'retries %j until the attempts run out',
    (f) => {
      expect(decide(policy, f, 1, 0, zero)).toEqual({ action: 'retry', ms: 50 })
      expect(decide(policy, f, 3, 0, zero)).toEqual({ action: 'retry', ms: 200 })
      expect(decide(policy, f, 4, 0, zero)).toEqual({ action: 'fail' })
    },
  )

  it('waits the full Retry-After on 429 and 418, then gives up after too many in a row', () => {
    const f: Failure = { kind: 'rate-limit', status: 429, retryAfterMs: 2000 }
    expect(decide(policy, f, 1, 0, zero)).toEqual({ action: 'wait', ms: 2000 })
    expect(decide(policy, { ...f, status: 418 }, 9, 1, zero)).toEqual({ action: 'wait', ms: 2000 })
    expect(decide(policy, f, 1, 2, zero)).toEqual({ action: 'fail' })
  })

  it('never retries a request the server rejected (unknown symbol, bad parameter)', () => {
    expect(decide(policy, { kind: 'rejected', status: 400, code: -1121 }, 1, 0, zero)).toEqual({ action: 'fail' })
  })
})

describe('retryAfterMs', () => {
  it('reads seconds and falls back when absent or garbage', () => {
    expect(retryAfterMs('2', 30_000)).toBe(2000)
    expect(retryAfterMs('0', 30_000)).toBe(0)
    expect(retryAfterMs(null, 30_000)).toBe(30_000)
    expect(retryAfterMs('soon', 30_000)).toBe(30_000)
  })
})

describe('describeFailure', () => {
  it('says what the server said', () => {
    expect(describeFailure({ kind: 'rejected', status: 400, code: -1121, msg: 'Invalid symbol.' })).toBe('HTTP 400, code -1121: Invalid symbol.')
    expect(describeFailure({ kind: 'server', status: 502 })).toBe('HTTP 502')
  })
})
