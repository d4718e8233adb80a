import { openDatabase } from '../data/idb'
import type { FitState } from './fitState'

/** A run's latest state in IndexedDB, under its run id: two tabs training at once keep their own. */
export interface Checkpoint {
  runId: string
  /** The run snapshot's key: resuming checks it, so a checkpoint of other settings or data is never used. */
  key: string
  state: FitState
}

const DB = 'crypto-studio-checkpoints'
const STORE = 'runs'

async function run<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase(DB, [STORE])
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(STORE, mode)
      const req = work(t.objectStore(STORE))
      t.oncomplete = () => resolve(req.result)
      t.onabort = () => reject(t.error ?? new Error('the transaction was aborted'))
      t.onerror = (e) => e.preventDefault() // the abort that follows reports it once
    })
  } finally {
    db.close()
  }
}

/** Replaces the run's checkpoint; one write, so a reload mid-write leaves the previous epoch's. */
export function writeCheckpoint(c: Checkpoint): Promise<void> {
  return run('readwrite', (s) => s.put(c, c.runId)).then(() => undefined)
}

export function readCheckpoint(runId: string): Promise<Checkpoint | undefined> {
  return run('readonly', (s) => s.get(runId) as IDBRequest<Checkpoint | undefined>)
}

export function deleteCheckpoint(runId: string): Promise<void> {
  return run('readwrite', (s) => s.delete(runId)).then(() => undefined)
}
