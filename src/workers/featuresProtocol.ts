import type { Candles } from '../data/types'
import type { CalendarCut, CoinFeatures, FeaturesConfig } from '../features/types'

/**
 * Page → features worker. A coin's candles are posted once ('load') and kept by that worker, so running the
 * Features cell again with other periods sends only the config.
 */
export type FeaturesRequest =
  | { type: 'load'; key: string; symbol: string; h1: Candles; m15: Candles }
  | { type: 'build'; key: string; config: FeaturesConfig; cut?: CalendarCut }
  | { type: 'columns'; key: string; config: FeaturesConfig }
  | { type: 'forget' }

export type FeaturesResponse =
  | { type: 'loaded' }
  | { type: 'built'; coin: CoinFeatures; ms: number }
  /** Raw indicator columns only: what the speed benchmark times against pandas. */
  | { type: 'columns'; rows: number; ms: number }
  | { type: 'forgotten' }

export function coinBuffers(c: CoinFeatures): ArrayBuffer[] {
  const out: ArrayBuffer[] = [c.h1.data.buffer as ArrayBuffer, c.m15.data.buffer as ArrayBuffer, c.h1Close.buffer as ArrayBuffer, c.stats.h1.mean.buffer as ArrayBuffer, c.stats.h1.std.buffer as ArrayBuffer, c.stats.m15.mean.buffer as ArrayBuffer, c.stats.m15.std.buffer as ArrayBuffer]
  for (const s of Object.values(c.samples)) out.push(s.end1h.buffer as ArrayBuffer, s.end15m.buffer as ArrayBuffer, s.target.buffer as ArrayBuffer, s.close.buffer as ArrayBuffer, s.scale.buffer as ArrayBuffer)
  return out
}
