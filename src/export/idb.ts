/** One IndexedDB database of a few object stores, opened per use and closed after: saved runs, live sessions. */
export interface IdbSpec {
  name: string
  stores: readonly string[]
  /** The error a refusal becomes (private windows, blocked storage), for the cell that asked. */
  refused(e: unknown): Error
}

function open(spec: IdbSpec): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let req: IDBOpenDBRequest
    try {
      req = indexedDB.open(spec.name, 1)
    } catch (e) {
      return reject(spec.refused(e))
    }
    req.onupgradeneeded = () => {
      for (const s of spec.stores) req.result.createObjectStore(s)
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(spec.refused(req.error))
  })
}

/** Runs `work` in one transaction over every store: all of it is stored, or none of it. Rejects with the abort's error. */
export async function inTransaction<T>(spec: IdbSpec, mode: IDBTransactionMode, work: (...stores: IDBObjectStore[]) => IDBRequest<T> | undefined): Promise<T | undefined> {
  const db = await open(spec)
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const t = db.transaction([...spec.stores], mode)
      const req = work(...spec.stores.map((s) => t.objectStore(s)))
      t.oncomplete = () => resolve(req?.result)
      t.onabort = () => reject(t.error ?? new Error('the transaction was aborted'))
      t.onerror = (e) => e.preventDefault() // the abort that follows reports it once
    })
  } finally {
    db.close()
  }
}

/** Every key and value of one store. */
export async function allEntries<T>(spec: IdbSpec, store: string): Promise<{ key: IDBValidKey; value: T }[]> {
  const db = await open(spec)
  try {
    return await new Promise((resolve, reject) => {
      const s = db.transaction(store, 'readonly').objectStore(store)
      const keys = s.getAllKeys()
      const values = s.getAll()
      values.onsuccess = () => resolve(values.result.map((value: T, i) => ({ key: keys.result[i]!, value })))
      values.onerror = () => reject(values.error)
    })
  } finally {
    db.close()
  }
}
