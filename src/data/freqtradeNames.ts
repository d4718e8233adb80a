import type { SeriesHint } from './table'
import type { Interval } from './types'

/** freqtrade's file names, apart from the Arrow reader so the page can name a download without loading Arrow. */

// freqtrade: BTC_USDT-1h.feather (spot), BTC_USDT_USDT-1h-futures.feather (futures, settled in USDT).
const FREQTRADE_RE = /(?:^|[\\/])([A-Za-z0-9]{2,10})_([A-Za-z0-9]{2,10})(?:_[A-Za-z0-9]{2,10})?-(\w+?)(?:-(?:futures|mark|index|funding_rate))?\.feather$/i

/** `BTC_USDT-1h.feather` → BTCUSDT 1h, the freqtrade way; anything else → {}. */
export function hintFromFreqtradeName(fileName: string): SeriesHint {
  const m = FREQTRADE_RE.exec(fileName)
  return m ? { symbol: `${m[1]}${m[2]}`.toUpperCase(), interval: m[3] as Interval } : {}
}

// Quote currencies a pair name may end in, longest first, to put freqtrade's underscore back: BTCUSDT → BTC_USDT.
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'EUR', 'TRY', 'BTC', 'ETH', 'BNB', 'USD']

/** `BTCUSDT 1h` → `BTC_USDT-1h.feather`, the name freqtrade looks for in its data directory. */
export function freqtradeFileName(s: { symbol: string; interval: Interval }): string {
  const quote = QUOTES.find((q) => s.symbol.endsWith(q) && s.symbol.length > q.length)
  const pair = quote ? `${s.symbol.slice(0, -quote.length)}_${quote}` : s.symbol
  return `${pair}-${s.interval}.feather`
}
