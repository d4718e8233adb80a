import type { RuleParams } from '../eval/backtest/types'
import type { LiveForecast, RefreshLog } from '../eval/live/types'
import type { ModelArtifactsData } from '../model/portable'
import { inTransaction, type IdbSpec } from './idb'
import type { RunRecord } from './runRecord'

/**
 * A live session as IndexedDB keeps it, so a reload (or the next morning) continues where it was: the run's
 * snapshot and model, the paper account's rule, and every forecast with its score. One session at a time.
 */
export interface LiveSession {
  id: string
  /** The exchange's time when the session started, epoch ms. */
  startedAt: number
  baseUrl: string
  symbols: string[]
  /** The run the model comes from: feature set, periods and z-score statistics, never refitted. */
  record: RunRecord
  /** The Backtest rule and costs the paper account applies, as they were when the session started. */
  rule: RuleParams
  forecasts: LiveForecast[]
  /** The last refreshes, newest last (at most LOG_KEEP). */
  log: RefreshLog[]
  /** Forecasts skipped since the start, by coin and reason. */
  skipped: Record<string, number>
}

export const LOG_KEEP = 200

const SESSIONS = 'sessions'
const MODELS = 'models'
const CURRENT = 'current'

const DB: IdbSpec = {
  name: 'crypto-studio-live',
  stores: [SESSIONS, MODELS],
  refused: (e) => {
    const err = e as Error | null
    return new Error(`live: this browser does not let the page store the session (${err?.name ?? 'IndexedDB unavailable'}: ${err?.message ?? ''}); it runs, but a reload will not continue it`)
  },
}

function run<T>(mode: IDBTransactionMode, work: (sessions: IDBObjectStore, models: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> {
  return inTransaction(DB, mode, (sessions, models) => work(sessions!, models!)).catch((e: Error) => {
    throw e.message.startsWith('live:') ? e : DB.refused(e)
  })
}

/** Starts a session: its state and its model in one transaction, replacing any earlier session. */
export function storeNewSession(s: LiveSession, model: ModelArtifactsData): Promise<void> {
  return run('readwrite', (sessions, models) => {
    sessions.put(s, CURRENT)
    return models.put(model, CURRENT)
  }).then(() => undefined)
}

/** Writes the session's state after a refresh (the model was stored when it started). */
export function storeSession(s: LiveSession): Promise<void> {
  return run('readwrite', (sessions) => sessions.put(s, CURRENT)).then(() => undefined)
}

/** The session a reload continues, with its model; undefined when none was started. */
export async function readSession(): Promise<{ session: LiveSession; model: ModelArtifactsData } | undefined> {
  let session: LiveSession | undefined
  const model = await run<ModelArtifactsData>('readonly', (sessions, models) => {
    const r = sessions.get(CURRENT)
    r.onsuccess = () => (session = r.result as LiveSession | undefined)
    return models.get(CURRENT) as IDBRequest<ModelArtifactsData>
  })
  return session && model ? { session, model } : undefined
}

export function deleteSession(): Promise<void> {
  return run('readwrite', (sessions, models) => {
    sessions.delete(CURRENT)
    return models.delete(CURRENT)
  }).then(() => undefined)
}
