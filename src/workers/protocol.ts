import type { OutColumn } from '../data/parquet'
import type { Decoded, SeriesHint } from '../data/table'
import type { Candles, Series, SourceKind } from '../data/types'
import type { FeaturesConfig } from '../features/types'

/** Page → data worker. `bytes` is transferred: the page must not use it afterwards. */
export type DataRequest =
  | { type: 'decode'; bytes: ArrayBuffer; fileName: string; hint: SeriesHint; source: SourceKind }
  | { type: 'encode'; series: Series[] }
  /** Raw features of every series as long-format Parquet. */
  | { type: 'features'; series: Series[]; config: FeaturesConfig }
  /** Any table of columns as Parquet (predictions). */
  | { type: 'columns'; columns: OutColumn[] }
  /** One series as the Feather file freqtrade keeps (Arrow stays out of the page's bundle). */
  | { type: 'feather'; series: Series }

/** Data worker → page. */
export type DataResponse =
  | { type: 'decoded'; result: Decoded }
  | { type: 'encoded'; bytes: ArrayBuffer }

/** Envelope shared by every worker: a request id, and either a result or an error message. */
export type Envelope<T> = { id: number } & ({ ok: true; value: T } | { ok: false; message: string })

/** Buffers of every typed array in the series, to transfer instead of copy. */
export function seriesBuffers(series: readonly Series[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>()
  for (const s of series) for (const a of Object.values(s.candles)) out.add(a.buffer as ArrayBuffer)
  return [...out]
}

/**
 * Copies of candle columns with their buffers, to transfer. `slice()` is a plain memory copy; structured
 * cloning the same arrays in postMessage ran at ~150 MB/s and blocked the page for 170 ms on the bundle.
 */
export function copyCandles(c: Candles): { candles: Candles; buffers: ArrayBuffer[] } {
  const candles: Candles = {
    openTime: c.openTime.slice(), open: c.open.slice(), high: c.high.slice(),
    low: c.low.slice(), close: c.close.slice(), volume: c.volume.slice(),
  }
  return { candles, buffers: Object.values(candles).map((a: Float64Array) => a.buffer as ArrayBuffer) }
}

/** Series with copied candles, and the buffers to transfer. */
export function copySeries<S extends Series>(series: readonly S[]): { series: S[]; buffers: ArrayBuffer[] } {
  const buffers: ArrayBuffer[] = []
  const out = series.map((s) => {
    const c = copyCandles(s.candles)
    buffers.push(...c.buffers)
    return { ...s, candles: c.candles }
  })
  return { series: out, buffers }
}
