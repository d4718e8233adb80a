/**
 * `npm run headless -- [--config <share link | config.json | run.json>] [--data <candle files…>] [--split test|val] [--all-coins] [--out <dir>] [--torch <dir>]`
 *
 * Builds and serves the studio, opens it in headless Chromium and clicks through it as a user would: the config
 * arrives as a share link, the candle files through the Data cell's file input, then Run all; the Export cell's
 * and Backtest cells' buttons write metrics.json, predictions.parquet, backtest.json, model.json, weights.bin and run.json
 * into --out, and with --torch the Export cell's PyTorch zip unpacked into that folder. Progress goes to
 * the terminal; a failing cell's error ends the run with exit status 1 (2 for bad arguments).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Download, Page } from '@playwright/test'
import { parseRunConfig } from '../src/config/runConfig'
import { decodeShareLink, encodeShareLink } from '../src/config/shareLink'
import type { Backtest } from '../src/eval/backtest/types'
import type { Evaluation } from '../src/eval/types'
import { readZip } from '../src/export/zip'
import { openStudioPage } from './studioPage'

const CELLS = ['Data', 'Features', 'Model', 'Train', 'Evaluate', 'Backtest'] as const

class UsageError extends Error {}

interface Args {
  hash?: string
  data: string[]
  out: string
  build: boolean
  /** The split the Evaluate and Backtest cells use: test (the default) or validation, the one to tune on. */
  split: 'test' | 'val'
  /** Evaluate also scores the loaded coins the run did not train on (pooled apart as `unseen`). */
  allCoins: boolean
  /** Where the Export cell's PyTorch folder is unpacked, if anywhere. */
  torch?: string
}

async function parseArgs(argv: string[]): Promise<Args> {
  const args: Args = { data: [], out: 'headless-run', build: true, split: 'test', allCoins: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--config') args.hash = await configHash(argv[++i])
    else if (a === '--out') args.out = argv[++i] ?? ''
    else if (a === '--no-build') args.build = false
    else if (a === '--all-coins') args.allCoins = true
    else if (a === '--torch') {
      args.torch = argv[++i]
      if (!args.torch || args.torch.startsWith('--')) throw new UsageError('headless: --torch needs a directory')
    }
    else if (a === '--split') {
      const v = argv[++i]
      if (v !== 'test' && v !== 'val') throw new UsageError(`headless: --split takes test or val, not ${v}`)
      args.split = v
    }
    else if (a === '--data') while (argv[i + 1] && !argv[i + 1]!.startsWith('--')) args.data.push(resolve(argv[++i]!))
    else throw new UsageError(`headless: unknown argument ${a}; use --config, --data, --split, --all-coins, --out, --torch`)
  }
  if (!args.out) throw new UsageError('headless: --out needs a directory')
  if (argv.includes('--data') && args.data.length === 0) throw new UsageError('headless: --data needs at least one candle file')
  return args
}

/** A share link (URL, `#run=…` or `run=…`) or a JSON file (a configuration or a run.json), as a validated link. */
async function configHash(value: string | undefined): Promise<string> {
  if (!value) throw new UsageError('headless: --config needs a share link or a JSON file')
  const at = value.indexOf('run=')
  if (at >= 0 && !value.endsWith('.json')) {
    const shared = await decodeShareLink(value.slice(at))
    if (!shared) throw new UsageError(`headless: ${value} is not a share link`)
    if (shared.rejected.length) throw new UsageError(`headless: the share link has invalid fields — ${shared.rejected.map((r) => `${r.path}: ${r.message}`).join('; ')}`)
    return encodeShareLink(shared.config)
  }
  let json: unknown
  try {
    json = JSON.parse(readFileSync(value, 'utf8'))
  } catch (e) {
    throw new UsageError(`headless: cannot read ${value} as JSON (${(e as Error).message})`)
  }
  const raw = (json as { format?: string; config?: unknown }).format === 'crypto-studio-run' ? (json as { config: unknown }).config : json
  const parsed = parseRunConfig(raw)
  if (!parsed.ok) throw new UsageError(`headless: ${value} is not a valid configuration — ${parsed.errors.join('; ')}`)
  return encodeShareLink(parsed.config)
}

async function statuses(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const c of CELLS) out[c] = (await page.getByRole('status', { name: `${c} status` }).innerText()).trim()
  return out
}

/** Waits for Run all to finish, printing each cell's status changes and the training progress line. */
async function follow(page: Page): Promise<void> {
  let last = ''
  let lastProgress = ''
  for (;;) {
    await page.waitForTimeout(1000)
    const s = await statuses(page)
    const line = CELLS.map((c) => `${c} ${s[c]}`).join(' · ')
    if (line !== last) console.log(`headless: ${line}`)
    last = line
    const failed = CELLS.find((c) => s[c]!.startsWith('error'))
    if (failed) {
      const message = await page.getByRole('region', { name: failed }).getByRole('alert').first().innerText()
      throw new Error(`headless: the ${failed} cell failed: ${message}`)
    }
    const progress = page.getByLabel('Training progress')
    if (await progress.count()) {
      // The bar goes when training ends, which can fall between count() and this read (a short run on a busy
      // machine did): then there is no progress line this time, rather than a 30 s wait for a bar that is gone.
      const text = (await progress.locator('xpath=..').innerText({ timeout: 1000 }).catch(() => '')).trim()
      const epoch = /epoch \d+\/\d+/.exec(text)?.[0] ?? ''
      if (text && epoch !== lastProgress) console.log(`headless:   ${text}`)
      if (text) lastProgress = epoch
    }
    if (s.Backtest!.startsWith('done') && !Object.values(s).some((v) => v.startsWith('running'))) return
  }
}

async function save(page: Page, button: string, out: string, count: number): Promise<string[]> {
  const got: Download[] = []
  const on = (d: Download) => got.push(d)
  page.on('download', on)
  await page.getByRole('button', { name: button }).click()
  const t0 = Date.now()
  while (got.length < count) {
    if (Date.now() - t0 > 60_000) throw new Error(`headless: ${button} gave ${got.length} of ${count} files`)
    await page.waitForTimeout(100)
  }
  page.off('download', on)
  const names: string[] = []
  for (const d of got) {
    const name = d.suggestedFilename().replace(/^predictions-\w+\.parquet$/, 'predictions.parquet')
    await d.saveAs(resolve(out, name))
    names.push(name)
  }
  return names
}

async function main(): Promise<void> {
  const args = await parseArgs(process.argv.slice(2))
  mkdirSync(args.out, { recursive: true })
  const studio = await openStudioPage({ build: args.build, log: (line) => console.log(`headless: ${line}`) })
  const { page, url } = studio
  try {
    await page.goto(`${url}${args.hash ? `#${args.hash}` : ''}`)
    const rejected = page.getByRole('list', { name: 'Rejected fields' })
    if (await rejected.count()) throw new Error(`headless: the page rejected fields of the configuration: ${await rejected.innerText()}`)
    if (args.data.length) {
      console.log(`headless: loading ${args.data.length} candle file(s)`)
      await page.getByRole('radio', { name: 'My file (Parquet or CSV)' }).check()
      await page.getByLabel('Upload data file').setInputFiles(args.data)
      const names = args.data.map((f) => f.split('/').pop()!).join(', ')
      const loaded = page.getByText(`series from ${names}`)
      const failed = page.getByRole('region', { name: 'Data' }).getByRole('alert')
      await loaded.or(failed).first().waitFor({ timeout: 120_000 })
      if (await failed.count()) throw new Error(`headless: the Data cell failed: ${await failed.first().innerText()}`)
    }
    if (args.split === 'val') {
      await page.getByRole('region', { name: 'Evaluate' }).getByLabel('Split').selectOption('val')
      // the backtest trades the same forecasts predictions.parquet holds
      await page.getByRole('region', { name: 'Backtest' }).getByLabel('Split').selectOption('val')
    }
    if (args.allCoins) await page.getByRole('region', { name: 'Evaluate' }).getByLabel('Also score the loaded coins the model did not train on').check()
    console.log(`headless: Run all on ${url}`)
    await page.getByRole('button', { name: 'Run all' }).first().click()
    await follow(page)
    const files = [
      ...(await save(page, 'Download metrics.json', args.out, 1)),
      ...(await save(page, 'Export predictions', args.out, 1)),
      ...(await save(page, 'Download backtest.json', args.out, 1)),
      ...(await save(page, 'Download model', args.out, 3)),
    ]
    const metrics = JSON.parse(readFileSync(resolve(args.out, 'metrics.json'), 'utf8')) as Evaluation
    const m = metrics.model, b = metrics.baselines
    console.log(`headless: ${metrics.samples} ${metrics.split} forecasts; MAE ${m.mae.toPrecision(5)} (random walk ${b.randomWalk.mae.toPrecision(5)}); direction ${(m.directionAccuracy * 100).toFixed(1)} %`)
    if (m.pinball) {
      const pct = (v: number | null | undefined) => (v == null ? 'n/a' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)} %`)
      console.log(`headless: pinball ${m.pinball.mean.toPrecision(4)}, coverage ${(m.coverage! * 100).toFixed(1)} %; skill vs random walk ${pct(metrics.skill.randomWalk?.mean)}, ` +
        `trailing ${pct(metrics.skill.historical?.mean)}, EWMA (λ ${metrics.ewmaLambda}) ${pct(metrics.skill.ewma?.mean)}; ` +
        `per quantile vs random walk q10 ${pct(metrics.skill.randomWalk?.q10)}, q50 ${pct(metrics.skill.randomWalk?.q50)}, q90 ${pct(metrics.skill.randomWalk?.q90)}`)
      const u = metrics.unseen
      if (u?.model.pinball) {
        console.log(`headless: ${metrics.untrained.length} coins never trained on, ${u.samples} forecasts: coverage ${(u.model.coverage! * 100).toFixed(1)} %; skill vs random walk ` +
          `${pct(u.skill.randomWalk?.mean)}, trailing ${pct(u.skill.historical?.mean)}, EWMA ${pct(u.skill.ewma?.mean)}`)
      }
    }
    const bt = JSON.parse(readFileSync(resolve(args.out, 'backtest.json'), 'utf8')) as Backtest
    const f = (v: number | null) => (v == null ? 'n/a' : v.toFixed(3))
    console.log(`headless: backtest (${bt.rule}, ${bt.split}, fee ${bt.params.fee * 100} %): total return ${(bt.portfolio.totalReturn * 100).toFixed(2)} % (buy-and-hold ${(bt.buyAndHold.portfolio.totalReturn * 100).toFixed(2)} %), ` +
      `Sharpe ${f(bt.portfolio.sharpe)} (buy-and-hold ${f(bt.buyAndHold.portfolio.sharpe)}, rule on EWMA ${f(bt.baselines.ewma.portfolio.sharpe)}), ${bt.portfolio.trades} trades, fees ${(bt.portfolio.feesPaid * 100).toFixed(2)} %`)
    console.log(`headless: wrote ${files.join(', ')} to ${resolve(args.out)}`)
    if (args.torch) {
      const [zip] = await save(page, 'Export for PyTorch', args.out, 1)
      const unpacked = readZip(readFileSync(resolve(args.out, zip!)), zip)
      for (const [name, data] of unpacked) {
        const to = resolve(args.torch, name)
        mkdirSync(dirname(to), { recursive: true })
        writeFileSync(to, data)
      }
      console.log(`headless: unpacked ${zip} (${[...unpacked.keys()].join(', ')}) into ${resolve(args.torch)}; see its README.md`)
    }
  } finally {
    await studio.close()
  }
}

main().catch((e: Error) => {
  console.error(e.message)
  process.exit(e instanceof UsageError ? 2 : 1)
})
