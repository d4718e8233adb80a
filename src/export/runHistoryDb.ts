import type { ModelArtifactsData } from '../model/portable'
import { inTransaction, type IdbSpec } from './idb'
import type { HistoryEntry } from './runHistory'

// Apart from the saved runs' database: history is written after every run, saves only when the user asks.
const RUNS = 'runs'
const WEIGHTS = 'weights'

function refused(e: unknown): Error {
  const err = e as Error | null
  return new Error(`runs: this browser does not let the page keep its run history (${err?.name ?? 'IndexedDB unavailable'}: ${err?.message ?? ''}); private windows often refuse`)
}

const DB: IdbSpec = { name: 'crypto-studio-history', stores: [RUNS, WEIGHTS], refused }

function tx<T>(mode: IDBTransactionMode, work: (runs: IDBObjectStore, weights: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> {
  return inTransaction(DB, mode, (runs, weights) => work(runs!, weights!))
}

/** Every recorded run, newest first. */
export async function listHistory(): Promise<HistoryEntry[]> {
  const all = (await tx<HistoryEntry[]>('readonly', (runs) => runs.getAll())) ?? []
  return all.sort((a, b) => b.endedAt - a.endedAt)
}

/** Stores or replaces a run's record; its weights, if any, are left as they are. */
export async function putHistory(entry: HistoryEntry): Promise<void> {
  await tx('readwrite', (runs) => runs.put(entry, entry.id))
}

/**
 * Stores a run with its weights and keeps weights for the newest `keep` runs only: older runs lose their weights
 * (their records say so) and keep everything else. One transaction, so a full quota leaves history as it was.
 */
export async function putHistoryWithWeights(entry: HistoryEntry, artifacts: ModelArtifactsData, keep: number): Promise<void> {
  await tx('readwrite', (runs, weights) => {
    runs.put({ ...entry, weights: true }, entry.id)
    weights.put(artifacts, entry.id)
    const all = runs.getAll()
    all.onsuccess = () => {
      const withWeights = (all.result as HistoryEntry[]).filter((e) => e.weights).sort((a, b) => b.endedAt - a.endedAt)
      for (const old of withWeights.slice(Math.max(0, keep))) {
        weights.delete(old.id)
        runs.put({ ...old, weights: false }, old.id)
      }
    }
    return all
  })
}

/** A recorded run's weights; undefined when they were not kept. */
export async function readHistoryWeights(id: string): Promise<ModelArtifactsData | undefined> {
  return tx<ModelArtifactsData>('readonly', (_, weights) => weights.get(id) as IDBRequest<ModelArtifactsData>)
}

export async function deleteHistory(id: string): Promise<void> {
  await tx('readwrite', (runs, weights) => {
    runs.delete(id)
    return weights.delete(id)
  })
}
