import type { OutColumn } from './parquet'
import type { ColumnTable } from './table'

/**
 * Comma-separated text with a header row → columns. Numeric cells become numbers straight away (a 1M-row
 * file would otherwise hold 8M strings); other cells stay strings, empty cells become null.
 * Double-quoted fields may hold commas and doubled quotes; newlines inside quotes are not supported.
 */
export function parseCsv(text: string, fileName: string): ColumnTable {
  const lines = text.split(/\r?\n/)
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop()
  if (lines.length === 0) throw new Error(`file: ${fileName} is empty`)
  const header = splitLine(lines[0]!.replace(/^\uFEFF/, '')).map((h) => h.trim().toLowerCase())
  if (header.length < 2) throw new Error(`file: ${fileName} does not look like CSV (header '${lines[0]!.slice(0, 60)}' has no commas)`)
  const cols: unknown[][] = header.map(() => [])
  for (let r = 1; r < lines.length; r++) {
    const line = lines[r]!
    const cells = line.includes('"') ? splitLine(line) : line.split(',')
    if (cells.length !== header.length) {
      throw new Error(`file: ${fileName} line ${r + 1} has ${cells.length} field(s), the header has ${header.length}`)
    }
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!.trim()
      const n = parseDecimal(cell)
      cols[c]!.push(cell === '' ? null : Number.isNaN(n) ? cell : n)
    }
  }
  return { columns: new Map(header.map((h, i) => [h, cols[i]!])), rows: lines.length - 1 }
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
