/** The two bar lengths the dual-stream model reads. */
export type Interval = '1h' | '15m'

export const INTERVALS: readonly Interval[] = ['1h', '15m']

/** Bar length in milliseconds. */
export const INTERVAL_MS: Record<Interval, number> = { '1h': 3_600_000, '15m': 900_000 }

/** The seed system's 22 USDT pairs, in the seed's order. */
export const SEED_PAIRS: readonly string[] = [
  'BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT', 'DOGEUSDT', 'LINKUSDT', 'MATICUSDT', 'AVAXUSDT', 'DOTUSDT',
  'LTCUSDT', 'BNBUSDT', 'TRXUSDT', 'ATOMUSDT', 'UNIUSDT', 'BCHUSDT', 'ETCUSDT', 'XLMUSDT', 'NEARUSDT', 'FILUSDT',
  'APTUSDT', 'ARBUSDT',
]

/** Where a series came from; shown in the Data cell's table. */
export type SourceKind = 'bundled' | 'binance' | 'file'

/**
 * OHLCV columns of one series, one entry per bar, sorted by open time with no duplicates.
 * Float64 keeps exchange prices exact (BTC 2-decimal ticks, DOGE 5-decimal) and epoch ms exact.
 */
export interface Candles {
  /** Float64Array [bars]: bar open time, epoch milliseconds UTC. */
  openTime: Float64Array
  /** Float64Array [bars]: quote-currency prices. */
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  /** Float64Array [bars]: base-asset volume. */
  volume: Float64Array
}

export const CANDLE_COLUMNS = ['open_time', 'open', 'high', 'low', 'close', 'volume'] as const

/** A run of missing bars: the last bar before it and the first bar after it. */
export interface Gap {
  /** Open time (ms) of the last bar before the gap. */
  after: number
  /** Open time (ms) of the first bar after the gap. */
  before: number
  /** Number of bars absent between them. */
  missing: number
}

export interface Series {
  symbol: string
  interval: Interval
  source: SourceKind
  candles: Candles
  /** Gaps in the bar grid, in time order. */
  gaps: Gap[]
}

/** `BTCUSDT 1h`: the key a series is known by everywhere. */
export function seriesKey(s: { symbol: string; interval: Interval }): string {
  return `${s.symbol} ${s.interval}`
}

/** The candles a user has loaded: one source at a time, many series. */
export interface Dataset {
  source: SourceKind
  /** Human-readable origin: "bundled", a base URL, or a file name. */
  origin: string
  series: Series[]
  /** Non-fatal notes from loading (sorted rows, dropped duplicates, …). */
  warnings: string[]
}

/** Fewest bars a series may have: one 60-bar model window. */
export const MIN_BARS = 60

/** Symbols that have both a 1h and a 15m series (what a model can train on), in the order they first appear. */
export function loadedCoins(series: readonly Pick<Series, 'symbol' | 'interval'>[]): string[] {
  const has = (symbol: string, interval: Interval) => series.some((s) => s.symbol === symbol && s.interval === interval)
  return [...new Set(series.map((s) => s.symbol))].filter((s) => has(s, '1h') && has(s, '15m'))
}
