/**
 * Speed against a reference measured in the same run, printed as ratios.
 *   npm run bench -- features [--repeats 5] [--json out.json]
 *   npm run bench -- train [--seconds 4] [--max-seconds 20] [--batch 32,256] [--backends cpu,wasm,webgl,webgpu] [--json out.json]
 *   npm run bench -- fit [--batch 32,256] [--presets quick,full] [--samples 4096] [--epochs 3] [--seconds 4] [--json out.json]
 *   npm run bench -- lanes [--batch 32,256] [--configs 1x8,2x8,2x2] [--rounds 5] [--seconds 2] [--json out.json]
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FeaturesBenchResult } from '../bench/page/features'
import { writeColumnsCsv } from '../src/data/csv'
import { runInBrowser } from './benchBrowser'
import { benchTrainCommand, parseTrainArgs } from './benchTrain'
import { benchFitCommand, parseFitArgs } from './benchFit'
import { benchLanesCommand, parseLanesArgs } from './benchLanes'
import { decodeCandleFile, toArrayBuffer } from '../src/data/decode'

const args = process.argv.slice(2)
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const task = args[0]
const repeats = Number(opt('repeats') ?? 5)
const jsonOut = opt('json')

async function features() {
  // pandas reads the same bundled candles, written out as CSV (not timed: only the indicators are).
  const dir = mkdtempSync(join(tmpdir(), 'bench-features-'))
  for (const f of readdirSync('public/data').filter((f) => f.endsWith('.parquet'))) {
    const { series } = await decodeCandleFile(toArrayBuffer(readFileSync(join('public/data', f))), f, {}, 'bundled')
    for (const s of series) {
      const c = s.candles
      writeFileSync(join(dir, `${s.symbol}-${s.interval}.csv`), writeColumnsCsv([
        { name: 'open_time', type: 'TIME_MS', data: c.openTime },
        ...(['open', 'high', 'low', 'close', 'volume'] as const).map((k) => ({ name: k, type: 'DOUBLE' as const, data: c[k] })),
      ]))
    }
  }
  const py = spawnSync('/usr/bin/python3', ['bench/features_pandas.py', dir, String(repeats)], { encoding: 'utf8' })
  rmSync(dir, { recursive: true, force: true })
  if (py.status !== 0) throw new Error(`bench: pandas reference failed (is python3-pandas installed? apt-get install -y python3-pandas)\n${py.stderr}`)
  const pandas = JSON.parse(py.stdout) as { series: number; rows: number; ms: number }
  const browser = await runInBrowser<FeaturesBenchResult>('features', repeats)
  if (browser.rows !== pandas.rows) throw new Error(`bench: browser computed ${browser.rows} rows, pandas ${pandas.rows}`)
  const ratio = pandas.ms / browser.indicatorsMs
  const line = (name: string, ms: number) => `${name.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms  ${(pandas.ms / ms).toFixed(2).padStart(6)}× pandas`
  console.log(`features: ${browser.series} series, ${browser.rows.toLocaleString('en')} rows, 13 indicators; best of ${repeats}`)
  console.log(line('pandas 1.5 (python3-pandas), one process', pandas.ms))
  console.log(line(`studio, ${browser.workers} web workers: the 13 indicators`, browser.indicatorsMs))
  console.log(line('studio, the page thread alone: the 13 indicators', browser.mainThreadMs))
  console.log(line(`studio, ${browser.workers} web workers: whole Features pipeline`, browser.pipelineMs))
  console.log(`(indicators: ${browser.computeMs.toFixed(1)} ms of compute summed over the workers; posting the candles into them, once per dataset: ${browser.loadMs.toFixed(1)} ms)`)
  if (jsonOut) {
    writeFileSync(jsonOut, JSON.stringify({ series: browser.series, rows: browser.rows, browserMs: browser.indicatorsMs, pandasMs: pandas.ms, ratio, mainThreadMs: browser.mainThreadMs, pipelineMs: browser.pipelineMs, loadMs: browser.loadMs, workers: browser.workers }, null, 2) + '\n')
  }
}

if (task === 'features') await features()
else if (task === 'train') await benchTrainCommand(parseTrainArgs(opt))
else if (task === 'fit') await benchFitCommand(parseFitArgs(opt))
else if (task === 'lanes') await benchLanesCommand(parseLanesArgs(opt))
else {
  console.error('usage: npm run bench -- features [--repeats 5] [--json out.json]\n' +
    '       npm run bench -- train [--seconds 4] [--max-seconds 20] [--batch 32,256] [--backends cpu,wasm,webgl,webgpu] [--json out.json]\n' +
    '       npm run bench -- fit [--batch 32,256] [--presets quick,full] [--samples 4096] [--epochs 3] [--seconds 4] [--json out.json]\n' +
    '       npm run bench -- lanes [--batch 32,256] [--configs 1x8,2x8,2x2] [--rounds 5] [--seconds 2] [--json out.json]')
  process.exit(2)
}
