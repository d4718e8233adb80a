import type { Rng } from '../util/rng'

/** How the Binance client paces itself and gives up. Times in milliseconds. */
export interface RetryPolicy {
  /** Attempts per request for retryable failures (5xx, network, timeout, malformed body). */
  maxAttempts: number
  /** First backoff; doubles each attempt up to maxDelayMs, then equal jitter takes it to [d/2, d). */
  baseDelayMs: number
  maxDelayMs: number
  /** A request that has not answered in this long is abandoned and retried. */
  timeoutMs: number
  /** Rate-limit waits in a row before the whole fetch gives up. */
  maxRateLimitWaits: number
  /** Used when a 429/418 comes without a Retry-After header. */
  defaultRetryAfterMs: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  timeoutMs: 15_000,
  maxRateLimitWaits: 5,
  defaultRetryAfterMs: 30_000,
}

/** What went wrong with one request. */
export type Failure =
  | { kind: 'rate-limit'; status: 429 | 418; retryAfterMs: number }
  | { kind: 'server'; status: number }
  | { kind: 'network'; message: string }
  | { kind: 'timeout' }
  | { kind: 'malformed'; message: string }
  | { kind: 'rejected'; status: number; code?: number; msg?: string }

export type Decision =
  | { action: 'wait'; ms: number }
  | { action: 'retry'; ms: number }
  | { action: 'fail' }

/**
 * Pure retry policy. `attempt` counts the attempts made so far for this request (1 after the first failure),
 * `rateLimitWaits` the 429/418 waits in a row.
 */
export function decide(policy: RetryPolicy, failure: Failure, attempt: number, rateLimitWaits: number, rng: Rng): Decision {
  switch (failure.kind) {
    case 'rate-limit':
      // Binance bans IPs that keep calling after a 429, so everything stops for the full Retry-After.
      return rateLimitWaits < policy.maxRateLimitWaits ? { action: 'wait', ms: failure.retryAfterMs } : { action: 'fail' }
    case 'server':
    case 'network':
    case 'timeout':
    case 'malformed':
      return attempt < policy.maxAttempts ? { action: 'retry', ms: backoffDelay(policy, attempt, rng) } : { action: 'fail' }
    case 'rejected':
      return { action: 'fail' }
  }
}

/** Exponential backoff with equal jitter: the n-th retry waits in [d/2, d) with d = min(max, base·2^(n−1)). */
export function backoffDelay(policy: RetryPolicy, attempt: number, rng: Rng): number {
  const d = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return d / 2 + rng() * (d / 2)
}

/** `Retry-After` in seconds (Binance sends seconds) → ms. */
export function retryAfterMs(header: string | null, fallbackMs: number): number {
  const s = header === null ? NaN : Number(header)
  return Number.isFinite(s) && s >= 0 ? s * 1000 : fallbackMs
}

export function describeFailure(f: Failure): string {
  switch (f.kind) {
    case 'rate-limit': return `HTTP ${f.status} rate limit`
    case 'server': return `HTTP ${f.status}`
    case 'network': return `network error (${f.message})`
    case 'timeout': return 'no answer in time'
    case 'malformed': return `malformed response (${f.message})`
    case 'rejected': return `HTTP ${f.status}${f.code !== undefined ? `, code ${f.code}` : ''}${f.msg ? `: ${f.msg}` : ''}`
  }
}
