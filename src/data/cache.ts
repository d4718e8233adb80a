import type { CacheEntry, KlineCache } from './binance'
import { openDatabase } from './idb'

const DB = 'crypto-studio'
const STORE = 'klines'

const open = () => openDatabase(DB, [STORE])

function tx<T>(db: IDBDatabase, mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode)
    const req = run(t.objectStore(STORE))
    t.oncomplete = () => resolve(req.result)
    t.onerror = () => reject(t.error ?? req.error ?? new Error('IndexedDB transaction failed'))
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'))
  })
}

/**
 * Fetched klines in IndexedDB, typed arrays stored by structured clone. A cache that cannot be used
 * (private mode, quota) must not fail a fetch: errors go to `onWarning` and the fetch goes on uncached.
 */
export function idbKlineCache(onWarning: (message: string) => void): KlineCache & { clear(): Promise<void> } {
  let db: Promise<IDBDatabase> | undefined
  const getDb = () => (db ??= open())
  return {
    async get(key) {
      try {
        return (await tx(await getDb(), 'readonly', (s) => s.get(key))) as CacheEntry | undefined
      } catch (e) {
        onWarning(`cache: could not read ${key.split('|').slice(1).join(' ')} (${(e as Error).message}); fetching it again`)
        return undefined
      }
    },
    async put(key, entry) {
      try {
        await tx(await getDb(), 'readwrite', (s) => s.put(entry, key))
      } catch (e) {
        onWarning(`cache: could not store ${key.split('|').slice(1).join(' ')} (${(e as Error).name}: ${(e as Error).message}); the data is loaded but will be fetched again next time`)
      }
    },
    async clear() {
      await tx(await getDb(), 'readwrite', (s) => s.clear())
    },
  }
}
