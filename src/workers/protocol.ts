import type { Decoded, SeriesHint } from '../data/table'
import type { Series, SourceKind } from '../data/types'

/** Page → data worker. `bytes` is transferred: the page must not use it afterwards. */
export type DataRequest =
  | { type: 'decode'; bytes: ArrayBuffer; fileName: string; hint: SeriesHint; source: SourceKind }
  | { type: 'encode'; series: Series[] }

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
