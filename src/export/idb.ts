/** Opens (creating on first use) a database of plain object stores; `fail` turns the browser's refusal into our message. */
export function openDb(name: string, stores: readonly string[], fail: (e: unknown) => Error): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let req: IDBOpenDBRequest
    try {
      req = indexedDB.open(name, 1)
    } catch (e) {
      return reject(fail(e))
    }
    req.onupgradeneeded = () => {
      for (const s of stores) req.result.createObjectStore(s)
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(fail(req.error))
  })
}

/**
 * Runs `work` in one transaction over the stores, closing the database after: all of it is stored, or none of it.
 * Resolves with the result of the request `work` returns, once the transaction has committed.
 */
export async function inTransaction<T>(db: Promise<IDBDatabase>, stores: readonly string[], mode: IDBTransactionMode, work: (...s: IDBObjectStore[]) => IDBRequest<T> | undefined): Promise<T | undefined> {
  const d = await db
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const t = d.transaction([...stores], mode)
      const req = work(...stores.map((s) => t.objectStore(s)))
      t.oncomplete = () => resolve(req?.result)
      t.onabort = () => reject(t.error ?? new Error('the transaction was aborted'))
      t.onerror = (e) => e.preventDefault() // the abort that follows reports it once
    })
  } finally {
    d.close()
  }
}
