import { seriesKey, type Series } from './types'

/**
 * A short fingerprint of candles: two independent 32-bit FNV-1a hashes over each series' key and the 32-bit words
 * of its open times and OHLCV, as 16 hex digits. Not cryptographic — it tells "the same data" from "other data"
 * when a saved model meets the candles loaded now. Order of series does not matter.
 */
export function fingerprint(series: readonly Series[]): string {
  const sorted = [...series].sort((a, b) => (seriesKey(a) < seriesKey(b) ? -1 : 1))
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ 0x5bd1e995
  const mix = (byte: number) => {
    h1 = Math.imul(h1 ^ byte, 0x01000193)
    h2 = Math.imul(h2 ^ byte, 0x01000193) ^ (h2 >>> 15)
  }
  for (const s of sorted) {
    for (const ch of new TextEncoder().encode(seriesKey(s))) mix(ch)
    const c = s.candles
    for (const col of [c.openTime, c.open, c.high, c.low, c.close, c.volume]) {
      // 32-bit words rather than bytes: a quarter of the steps, so 22 pairs hash in tens of milliseconds.
      const words = new Uint32Array(col.buffer, col.byteOffset, col.byteLength / 4)
      for (let i = 0; i < words.length; i++) mix(words[i]!)
    }
  }
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0')
  return hex(h1) + hex(h2)
}
