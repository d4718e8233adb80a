import { CANDLE_COLUMNS, INTERVALS, type Candles, type Interval, type Series, type SourceKind } from './types'
import { validateSeries } from './validate'

/** Columns read from a file: lower-cased names, raw cell values (numbers, bigints, strings, Dates, nulls). */
export interface ColumnTable {
  columns: Map<string, ArrayLike<unknown>>
  rows: number
}

/** What the user told us about a single-series file that does not say it itself. */
export interface SeriesHint {
  symbol?: string
  interval?: Interval
}

export interface Decoded {
  series: Series[]
  warnings: string[]
}

const SYMBOL_RE = /^[A-Z0-9]{2,20}$/
const FILE_NAME_RE = /([A-Za-z0-9]{2,20})[-_ .](1h|15m)\b/

/** `BTCUSDT-1h.parquet` → BTCUSDT / 1h; anything else → undefined. */
export function hintFromFileName(fileName: string): SeriesHint {
  const m = FILE_NAME_RE.exec(fileName)
  return m ? { symbol: m[1]!.toUpperCase(), interval: m[2] as Interval } : {}
}

/**
 * Long format (symbol, interval, open_time, OHLCV) or one series whose symbol and interval come from the
 * hint or the file name. Splits by series and validates each; the first bad series fails the whole file.
 */
export function tableToSeries(table: ColumnTable, fileName: string, hint: SeriesHint, source: SourceKind): Decoded {
  if (table.rows === 0) throw new Error(`file: ${fileName} has no data rows`)
  const missing = CANDLE_COLUMNS.filter((c) => !table.columns.has(c))
  if (missing.length > 0) {
    throw new Error(
      `file: ${fileName} lacks column(s) ${missing.map((m) => `'${m}'`).join(', ')} ` +
        `(found: ${[...table.columns.keys()].join(', ') || 'none'}; expected symbol, interval, ${CANDLE_COLUMNS.join(', ')})`,
    )
  }
  const candles: Candles = {
    openTime: toTimes(table.columns.get('open_time')!, table.rows),
    open: toNumbers(table.columns.get('open')!, 'open', table.rows),
    high: toNumbers(table.columns.get('high')!, 'high', table.rows),
    low: toNumbers(table.columns.get('low')!, 'low', table.rows),
    close: toNumbers(table.columns.get('close')!, 'close', table.rows),
    volume: toNumbers(table.columns.get('volume')!, 'volume', table.rows),
  }
  const keys = seriesKeys(table, fileName, hint)
  const groups = new Map<string, number[]>()
  for (let i = 0; i < table.rows; i++) {
    const k = keys(i)
    let g = groups.get(k)
    if (!g) groups.set(k, (g = []))
    g.push(i)
  }
  const series: Series[] = []
  const warnings: string[] = []
  for (const [key, idx] of groups) {
    const [symbol, interval] = key.split(' ') as [string, Interval]
    const pick = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]!)
    const v = validateSeries(
      {
        symbol, interval,
        candles: {
          openTime: pick(candles.openTime), open: pick(candles.open), high: pick(candles.high),
          low: pick(candles.low), close: pick(candles.close), volume: pick(candles.volume),
        },
        rows: Int32Array.from(idx, (i) => i + 1),
      },
      source,
    )
    series.push(v.series)
    warnings.push(...v.warnings)
  }
  return { series, warnings }
}

function seriesKeys(table: ColumnTable, fileName: string, hint: SeriesHint): (row: number) => string {
  const symCol = table.columns.get('symbol')
  const ivCol = table.columns.get('interval')
  const fromName = hintFromFileName(fileName)
  const symbol = hint.symbol ?? fromName.symbol
  const interval = hint.interval ?? fromName.interval
  if (!symCol && !symbol) {
    throw new Error(`file: ${fileName} has no 'symbol' column and its name does not say the pair (like BTCUSDT-1h.parquet); enter Symbol and Interval and load it again`)
  }
  if (!ivCol && !interval) {
    throw new Error(`file: ${fileName} has no 'interval' column and its name does not say it (like BTCUSDT-1h.parquet); enter Symbol and Interval and load it again`)
  }
  if (symbol && !SYMBOL_RE.test(symbol)) throw new Error(`file: symbol '${symbol}' is not a pair name like BTCUSDT`)
  return (i) => {
    const s = symCol ? String(symCol[i] ?? '').trim().toUpperCase() : symbol!
    const v = ivCol ? String(ivCol[i] ?? '').trim() : interval!
    if (!SYMBOL_RE.test(s)) throw new Error(`file: row ${i + 1}: symbol '${symCol?.[i]}' is not a pair name like BTCUSDT`)
    if (!(INTERVALS as readonly string[]).includes(v)) {
      throw new Error(`file: row ${i + 1}: interval '${v}' is not supported (use ${INTERVALS.join(' or ')})`)
    }
    return `${s} ${v}`
  }
}

function toNumbers(col: ArrayLike<unknown>, name: string, rows: number): Float64Array {
  if (col instanceof Float64Array) return col
  const out = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    const v = col[i]
    const x = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
    if (Number.isNaN(x) && !(typeof v === 'number')) {
      throw new Error(`file: row ${i + 1}: ${name} is ${v === null || v === undefined || v === '' ? 'empty' : `'${String(v)}'`}, not a number`)
    }
    out[i] = x
  }
  return out
}

/** Epoch ms integers, Parquet timestamps (Dates) or ISO strings → epoch ms. */
function toTimes(col: ArrayLike<unknown>, rows: number): Float64Array {
  const out = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    const v = col[i]
    let t = NaN
    if (v instanceof Date) t = v.getTime()
    else if (typeof v === 'number' || typeof v === 'bigint') t = Number(v)
    else if (typeof v === 'string' && v.trim() !== '') t = /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : Date.parse(v)
    if (!Number.isFinite(t)) {
      throw new Error(`file: row ${i + 1}: open_time is ${v === null || v === undefined || v === '' ? 'empty' : `'${String(v)}'`}, not epoch milliseconds or a date`)
    }
    if (!Number.isInteger(t) || t < 1e11) {
      throw new Error(`file: row ${i + 1}: open_time ${String(v)} is not epoch milliseconds${t < 1e11 && t > 1e8 ? ' (it looks like seconds: multiply by 1000)' : ''}`)
    }
    out[i] = t
  }
  return out
}
