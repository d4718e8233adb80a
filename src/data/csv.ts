import type { OutColumn } from './parquet'
import { duplicateNames } from './messages'
import type { ColumnTable } from './table'

/**
 * Comma-separated text with a header row → columns. Numeric cells become numbers straight away (a 1M-row
 * file would otherwise hold 8M strings); other cells stay strings, empty cells become null.
 * Double-quoted fields may hold commas and doubled quotes; newlines inside quotes are not supported.
 */
export function parseCsv(text: string, fileName: string): ColumnTable {
  // CR alone ended lines on classic Mac OS and still comes out of some spreadsheet exports.
  const lines = text.split(/\r\n|\n|\r/)
  const endsInNewline = lines.length > 1 && lines[lines.length - 1] === ''
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop()
  if (lines.length === 0) throw new Error(`file: ${fileName} is empty`)
  const head = lines[0]!.replace(/^\uFEFF/, '')
  if (/^\s*[[{]/.test(head)) throw new Error(`file: ${fileName} holds JSON, not CSV; save the candles as CSV or Parquet`)
  const header = splitLine(head).map((h) => h.trim().toLowerCase())
  if (header.length < 2) throw new Error(`file: ${fileName} does not look like CSV (header '${head.slice(0, 60)}' has no commas)`)
  const dup = duplicateNames(header)
  if (dup) throw new Error(`file: ${fileName} ${dup}`)
  const notes: string[] = []
  const last = lines.length - 1
  // A download or copy that stopped early leaves a last line that is short, or whole-looking but cut inside a
  // number (2901.33 → 3): neither can be told from a real row, so the last line of a file that does not end in a
  // newline is not trusted.
  if (last >= 1) {
    const n = fieldCount(lines[last]!)
    if (n < header.length || !endsInNewline) {
      notes.push(
        `${fileName}: the last line (line ${last + 1}, '${lines[last]!.slice(0, 60)}') ${n < header.length ? `has ${n} of ${header.length} fields` : 'does not end in a newline'}, ` +
          'so the file looks cut short; dropped that row. Check the file is complete',
      )
      lines.pop()
    }
  }
  const cols: unknown[][] = header.map(() => [])
  for (let r = 1; r < lines.length; r++) {
    const line = lines[r]!
    const cells = line.includes('"') ? splitLine(line) : line.split(',')
    if (cells.length !== header.length) {
      throw new Error(`file: ${fileName} line ${r + 1} has ${cells.length} field(s), the header has ${header.length}; fix or remove that line`)
    }
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!.trim()
      const n = parseDecimal(cell)
      cols[c]!.push(cell === '' ? null : Number.isNaN(n) ? cell : n)
    }
  }
  return { columns: new Map(header.map((h, i) => [h, cols[i]!])), rows: lines.length - 1, notes }
}

function fieldCount(line: string): number {
  return line.includes('"') ? splitLine(line).length : line.split(',').length
}

// Decimal only: Number() also reads '0x10f4', '0b1', 'Infinity' and '' — none of them a price a person wrote.
const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** A decimal number (optionally with an exponent) → its value; anything else → NaN. */
export function parseDecimal(text: string): number {
  const t = text.trim()
  return DECIMAL_RE.test(t) ? Number(t) : NaN
}

function splitLine(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++
      else if (ch === '"') quoted = false
      else cur += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') out.push(cur), (cur = '')
    else cur += ch
  }
  out.push(cur)
  return out
}

/** Columns as CSV text with a header; numbers in shortest round-trip form, NaN as an empty cell. */
export function writeColumnsCsv(columns: readonly OutColumn[]): string {
  const rows = columns[0]?.data.length ?? 0
  const lines = [columns.map((c) => c.name).join(',')]
  for (let r = 0; r < rows; r++) {
    lines.push(columns.map((c) => {
      const v = c.data[r]!
      return typeof v === 'string' ? v : Number.isNaN(v) ? '' : String(v)
    }).join(','))
  }
  return lines.join('\n') + '\n'
}
