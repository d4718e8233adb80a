import type { OutColumn } from '../data/parquet'
import type { Decoded, SeriesHint } from '../data/table'
import type { Series, SourceKind } from '../data/types'
import type { FeaturesConfig } from '../features/types'
import { workerClient } from './client'
import { copySeries, type DataRequest, type DataResponse } from './protocol'

let client: ReturnType<typeof workerClient<DataRequest, DataResponse>> | undefined

function get() {
  client ??= workerClient<DataRequest, DataResponse>(new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'data' }))
  return client
}

/**
 * How long a decode may take before the worker is stopped: ample for a 1 GiB CSV on a slow machine, but a damaged
 * Parquet page can make the reader spin through billions of run-length entries, and the Data cell must not wait
 * on it for ever. `?decode-deadline-ms=N` shortens it for a browser test.
 */
export function decodeDeadlineMs(byteLength: number): number {
  const forTest = typeof location === 'undefined' ? NaN : Number(new URLSearchParams(location.search).get('decode-deadline-ms') ?? NaN)
  return forTest > 0 ? forTest : 60_000 + Math.round((byteLength / 2 ** 20) * 500)
}

/** Decodes a candle file in the data worker; `bytes` is transferred and unusable afterwards. */
export async function decodeInWorker(bytes: ArrayBuffer, fileName: string, hint: SeriesHint, source: SourceKind): Promise<Decoded> {
  const c = get()
  const deadline = decodeDeadlineMs(bytes.byteLength)
  let timer: ReturnType<typeof setTimeout> | undefined
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // A worker stuck in a loop answers nothing; the next call starts a fresh one.
      c.terminate()
      if (client === c) client = undefined
      reject(new Error(`file: ${fileName} was still being read after ${Math.round(deadline / 1000)} s and was stopped; it is probably damaged. Export or download it again`))
    }, deadline)
  })
  try {
    const res = await Promise.race([c.call({ type: 'decode', bytes, fileName, hint, source }, [bytes]), stopped])
    if (res.type !== 'decoded') throw new Error(`worker: expected decoded, got ${res.type}`)
    return res.result
  } finally {
    clearTimeout(timer)
  }
}

/** Writes the long-format Parquet in the data worker; the series are copied, the page keeps its own. */
export async function encodeInWorker(series: Series[]): Promise<ArrayBuffer> {
  const copy = copySeries(series)
  const res = await get().call({ type: 'encode', series: copy.series }, copy.buffers)
  if (res.type !== 'encoded') throw new Error(`worker: expected encoded, got ${res.type}`)
  return res.bytes
}

/** One series as freqtrade's Feather file, written in the data worker (Arrow stays out of the page's bundle). */
export async function featherInWorker(series: Series): Promise<ArrayBuffer> {
  const copy = copySeries([series])
  const res = await get().call({ type: 'feather', series: copy.series[0]! }, copy.buffers)
  if (res.type !== 'encoded') throw new Error(`worker: expected encoded, got ${res.type}`)
  return res.bytes
}

/** Raw features of the series as long-format Parquet, computed and written in the data worker. */
export async function exportFeaturesInWorker(series: Series[], config: FeaturesConfig): Promise<ArrayBuffer> {
  const copy = copySeries(series)
  const res = await get().call({ type: 'features', series: copy.series, config }, copy.buffers)
  if (res.type !== 'encoded') throw new Error(`worker: expected encoded, got ${res.type}`)
  return res.bytes
}

/** Any table of columns as Parquet, written in the data worker; the columns are transferred. */
export async function encodeColumnsInWorker(columns: OutColumn[]): Promise<ArrayBuffer> {
  const transfer = columns.flatMap((c) => (c.type === 'STRING' ? [] : [c.data.buffer as ArrayBuffer]))
  const res = await get().call({ type: 'columns', columns }, transfer)
  if (res.type !== 'encoded') throw new Error(`worker: expected encoded, got ${res.type}`)
  return res.bytes
}
