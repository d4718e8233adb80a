/**
 * Raw features without a browser, for scripts and bigger pipelines: the same code and numbers as the
 * Features cell's export.
 *   npm run features -- <candle files (Parquet or CSV)…> --out <file.parquet|file.csv> [--config run.json]
 * `--config` takes a run configuration (as the studio's share link holds) and uses its `features` part.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { featuresConfigSchema } from '../src/config/runConfig'
import { writeColumnsCsv } from '../src/data/csv'
import { writeColumnsParquet } from '../src/data/parquet'
import type { Series } from '../src/data/types'
import { DEFAULT_FEATURES } from '../src/features/spec'
import { featureTable } from '../src/features/table'
import { featureColumns } from '../src/features/tableIO'
import { decodeCandleFile, toArrayBuffer } from '../src/data/decode'

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const args = process.argv.slice(2)
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`)
  if (i < 0) return undefined
  const v = args[i + 1]
  if (!v || v.startsWith('--')) fail(`features: --${name} needs a value`)
  args.splice(i, 2)
  return v
}
const out = flag('out') ?? fail('usage: npm run features -- <candle files…> --out <file.parquet|file.csv> [--config run.json]')
const configPath = flag('config')
if (!/\.(parquet|csv)$/i.test(out)) fail(`features: --out ${out} must end in .parquet or .csv`)
if (args.length === 0) fail('features: give at least one candle file (Parquet or CSV)')

let config = DEFAULT_FEATURES
if (configPath) {
  const raw = JSON.parse(readFileSync(configPath, 'utf8')) as { features?: unknown }
  const r = featuresConfigSchema.safeParse(raw.features ?? raw)
  if (!r.success) fail(`features: ${configPath}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  config = r.data
}

const series: Series[] = []
for (const file of args) {
  try {
    const { series: s, warnings } = await decodeCandleFile(toArrayBuffer(readFileSync(file)), basename(file), {}, 'file')
    for (const w of warnings) console.error(`warning: ${w}`)
    series.push(...s)
  } catch (e) {
    fail(`${file}: ${(e as Error).message}`)
  }
}
const t0 = performance.now()
const table = featureTable(series, config)
const columns = featureColumns(table)
if (/\.csv$/i.test(out)) writeFileSync(out, writeColumnsCsv(columns))
else writeFileSync(out, new Uint8Array(writeColumnsParquet(columns)))
console.log(`${out}: ${table.openTime.length.toLocaleString('en')} rows × ${table.names.length} features from ${series.length} series in ${Math.round(performance.now() - t0)} ms`)
