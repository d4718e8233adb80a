import { saveBytes } from '../data/sources'
import { tradeColumns } from '../eval/backtest/trades'
import { liveForecastColumns } from '../export/liveColumns'
import { encodeColumnsInWorker } from '../workers/dataClient'
import { useLive } from './liveStore'

const set = useLive.setState
const get = useLive.getState

/** Forecasts with their scores, and the paper account's trades, as two Parquet downloads. */
export async function exportLive(): Promise<void> {
  const s = get().session
  const account = get().account
  if (!s || !account) return
  try {
    saveBytes(await encodeColumnsInWorker(liveForecastColumns(s.forecasts)), 'live-forecasts.parquet', 'application/vnd.apache.parquet')
    saveBytes(await encodeColumnsInWorker(tradeColumns(account.fills)), 'live-trades.parquet', 'application/vnd.apache.parquet')
  } catch (e) {
    set({ error: `live: export failed (${(e as Error).message}); the session is unchanged` })
  }
}

/** The newest forecast of every coin in the `npm run live -- --once` format: q as log returns. */
export function latestJson(): string {
  const s = get().session
  if (!s) return '{}'
  const bar = Math.max(...s.forecasts.map((f) => f.barOpenTime))
  const last = s.log[s.log.length - 1]
  return JSON.stringify({
    exchangeTime: last?.at ?? null,
    forecasts: s.forecasts.filter((f) => f.barOpenTime === bar).map((f) => ({ symbol: f.symbol, barOpenTime: f.barOpenTime, close: f.close, q10: f.q10, q50: f.q50, q90: f.q90, position: f.position })),
  })
}

/** Every scored forecast as JSON lines: what `npm run live` appends to --out. */
export function scoredJsonLines(): string {
  const s = get().session
  return (s?.forecasts ?? []).filter((f) => f.realised).map((f) => JSON.stringify(f)).join('\n')
}

export function downloadLatest() {
  saveBytes(new TextEncoder().encode(latestJson()).buffer as ArrayBuffer, 'live-latest.json', 'application/json')
}

export function downloadScored() {
  saveBytes(new TextEncoder().encode(scoredJsonLines()).buffer as ArrayBuffer, 'live-scored.jsonl', 'application/json')
}
