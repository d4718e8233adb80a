import type { ModelArtifactsData } from '../model/portable'
import { inTransaction, openDb } from './idb'
import type { RunRecord } from './runRecord'

/** A saved run as the list shows it; the weights are read only when it is loaded. */
export interface SavedRun {
  id: string
  record: RunRecord
}

const DB = 'crypto-studio-runs'
const RUNS = 'runs'
const MODELS = 'models'

function open(): Promise<IDBDatabase> {
  return openDb(DB, [RUNS, MODELS], unavailable)
}

function unavailable(e: unknown): Error {
  const err = e as Error | null
  return new Error(`export: this browser does not let the page store data (${err?.name ?? 'IndexedDB unavailable'}: ${err?.message ?? ''}); private windows often refuse — use Download model instead`)
}

/** Runs `work` in one transaction over both stores: all of it is stored, or none of it. */
function transaction<T>(mode: IDBTransactionMode, work: (runs: IDBObjectStore, models: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> {
  return inTransaction(open(), [RUNS, MODELS], mode, (runs, models) => work(runs!, models!))
}

/** Saves model and record together. A full disk or quota aborts the whole write; earlier saves are untouched. */
export async function saveRun(id: string, record: RunRecord, artifacts: ModelArtifactsData): Promise<void> {
  try {
    await transaction('readwrite', (runs, models) => {
      runs.put(record, id)
      return models.put(artifacts, id)
    })
  } catch (e) {
    const err = e as Error
    if (err.message.startsWith('export:')) throw err
    const quota = err.name === 'QuotaExceededError' ? ' — the storage quota is full; delete saved runs or use Download model' : ''
    throw new Error(`export: the browser refused to store "${record.name}" (${err.name}: ${err.message})${quota}. Runs saved before are untouched.`)
  }
}

export async function listRuns(): Promise<SavedRun[]> {
  const db = await open()
  try {
    return await new Promise<SavedRun[]>((resolve, reject) => {
      const store = db.transaction(RUNS, 'readonly').objectStore(RUNS)
      const keys = store.getAllKeys()
      const values = store.getAll()
      values.onsuccess = () => resolve(values.result.map((record: RunRecord, i) => ({ id: String(keys.result[i]), record })).sort((a, b) => (a.record.savedAt < b.record.savedAt ? 1 : -1)))
      values.onerror = () => reject(values.error)
    })
  } finally {
    db.close()
  }
}

export async function readRun(id: string): Promise<{ record: RunRecord; artifacts: ModelArtifactsData }> {
  let record: RunRecord | undefined
  const artifacts = await transaction<ModelArtifactsData>('readonly', (runs, models) => {
    const r = runs.get(id)
    r.onsuccess = () => (record = r.result as RunRecord | undefined)
    return models.get(id) as IDBRequest<ModelArtifactsData>
  })
  if (!record || !artifacts) throw new Error(`export: saved run ${id} is gone (deleted in another tab?)`)
  return { record, artifacts }
}

export async function deleteRun(id: string): Promise<void> {
  await transaction('readwrite', (runs, models) => {
    runs.delete(id)
    return models.delete(id)
  })
}
