import { parseDecimal } from './csv'
import { listSome, showValue } from './messages'
import { toEpochMs } from './times'
import { CANDLE_COLUMNS, INTERVAL_MS, INTERVALS, type Candles, type Interval, type Series, type SourceKind } from './types'
import { checkStreamsOverlap, validateSeries } from './validate'

/** Columns read from a file: lower-cased names, raw cell values (numbers, bigints, strings, Dates, nulls). */
export interface ColumnTable {
  columns: Map<string, ArrayLike<unknown>>
  rows: number
  /** What the reader fixed on the way (a cut-short last line dropped), for the user. */
  notes?: string[]
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

// At least one letter: an integer column read as symbols (123) is a wrong column, not a pair.
const SYMBOL_RE = /^(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,20}$/
const FILE_NAME_RE = /([A-Za-z0-9]{2,20})[-_ .](1h|15m)\b/

/** `BTCUSDT-1h.parquet` → BTCUSDT / 1h; anything else → undefined. */
export function hintFromFileName(fileName: string): SeriesHint {
  const m = FILE_NAME_RE.exec(fileName)
  return m ? { symbol: m[1]!.toUpperCase(), interval: m[2] as Interval } : {}
}

/**
 * Long format (symbol, interval, open_time, OHLCV) or one series whose symbol and interval come from the
 * hint or the file name. Splits by series and validates each; the first bad series fails the whole file, and so
 * do a pair's two streams that do not overlap in time. `now` (epoch ms) bounds open times and closes bars.
 */
export function tableToSeries(table: ColumnTable, fileName: string, hint: SeriesHint, source: SourceKind, now = Date.now()): Decoded {
  if (table.rows === 0) throw new Error(`file: ${fileName} has no data rows${table.notes?.length ? ` (${table.notes.join('; ')})` : ''}`)
  const missing = CANDLE_COLUMNS.filter((c) => !table.columns.has(c))
  if (missing.length > 0) {
    throw new Error(
      `file: ${fileName} lacks column(s) ${missing.map((m) => `'${m}'`).join(', ')} ` +
        `(found ${table.columns.size.toLocaleString('en')}: ${listSome([...table.columns.keys()]) || 'none'}; expected symbol, interval, ${CANDLE_COLUMNS.join(', ')})`,
    )
  }
  const times = toEpochMs(table.columns.get('open_time')!, table.rows, now + MAX_STEP)
  const candles: Candles = {
    openTime: times.ms,
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
  const warnings: string[] = [...(table.notes ?? []), ...times.notes.map((n) => `${fileName}: ${n}`)]
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
      now,
    )
    series.push(v.series)
    warnings.push(...v.warnings)
  }
  checkStreamsOverlap(series)
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
    if (symCol && typeof symCol[i] !== 'string') {
      throw new Error(`file: row ${i + 1}: symbol is ${typeof symCol[i] === 'number' || typeof symCol[i] === 'bigint' ? `the number ${String(symCol[i])}` : showValue(symCol[i])}, not a pair name like BTCUSDT; the symbol column must hold text`)
    }
    const s = symCol ? (symCol[i] as string).trim().toUpperCase() : symbol!
    const v = ivCol ? String(ivCol[i] ?? '').trim() : interval!
    if (!SYMBOL_RE.test(s)) throw new Error(`file: row ${i + 1}: symbol ${showValue(symCol?.[i])} is not a pair name like BTCUSDT`)
    if (!(INTERVALS as readonly string[]).includes(v)) {
      throw new Error(`file: row ${i + 1}: interval '${v}' is not supported (use ${INTERVALS.join(' or ')})`)
    }
    return `${s} ${v}`
  }
}

/** The longest bar: open times may run to now plus one of it before the per-interval check. */
const MAX_STEP = Math.max(...Object.values(INTERVAL_MS))

function toNumbers(col: ArrayLike<unknown>, name: string, rows: number): Float64Array {
  if (col instanceof Float64Array) return col
  const out = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    const v = col[i]
    const x = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? parseDecimal(v) : NaN
    if (Number.isNaN(x) && !(typeof v === 'number')) {
      const hint = typeof v === 'string' && /^\s*[+-]?0[xob]/i.test(v) ? '; write numbers in decimal' : ''
      throw new Error(`file: row ${i + 1}: ${name} is ${showValue(v)}, not a number${hint}`)
    }
    out[i] = x
  }
  return out
}
