/**
 * `npm run live -- --model <dir with model.json, weights.bin, run.json> [--base-url URL] [--once] [--out dir] [--no-build]`
 *
 * Live mode without a person: the studio in headless Chromium, the model picked in the Live cell's file input, the
 * same code as the page. With --once it waits for the first refresh and prints the newest forecast of every coin as
 * JSON on stdout — {"exchangeTime", "forecasts": [{"symbol", "barOpenTime", "close", "q10", "q50", "q90",
 * "position"}]}, q as log returns — then exits 0 (1 with the error when the exchange or the model fails, 2 for bad
 * arguments). Without --once it keeps refreshing every 15 minutes and appends each scored forecast, one JSON object
 * a line, to <out>/forecasts.jsonl. Progress goes to stderr.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { openStudioPage } from './studioPage'

class UsageError extends Error {}

const FILES = ['model.json', 'weights.bin', 'run.json']
const log = (line: string) => console.error(`live: ${line}`)

function parseArgs(argv: string[]) {
  const args = { model: '', baseUrl: '', once: false, out: 'live-run', build: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--model') args.model = argv[++i] ?? ''
    else if (a === '--base-url') args.baseUrl = argv[++i] ?? ''
    else if (a === '--out') args.out = argv[++i] ?? ''
    else if (a === '--once') args.once = true
    else if (a === '--no-build') args.build = false
    else throw new UsageError(`live: unknown argument ${a}; use --model, --base-url, --once, --out`)
  }
  if (!args.model) throw new UsageError('live: --model needs a directory holding model.json, weights.bin and run.json')
  const missing = FILES.filter((f) => !existsSync(join(args.model, f)))
  if (missing.length) throw new UsageError(`live: ${resolve(args.model)} lacks ${missing.join(', ')}; Download model in the Export cell writes all three`)
  if (args.baseUrl && !/^https?:\/\//.test(args.baseUrl)) throw new UsageError(`live: --base-url ${args.baseUrl} is not an http(s) address`)
  if (!args.out) throw new UsageError('live: --out needs a directory')
  return args
}

/** The text of a download the page makes when `button` is clicked. */
async function download(page: Page, live: Locator, button: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), live.getByRole('button', { name: button }).click()])
  return readFileSync((await d.path())!, 'utf8')
}

/** Waits for the first refresh to finish; throws the cell's error or the exchange's failure. */
async function firstRefresh(live: Locator): Promise<void> {
  const done = live.getByRole('table', { name: 'Live refreshes' }).locator('tbody tr').first()
  const failed = live.getByRole('alert')
  await done.or(failed).first().waitFor({ timeout: 300_000 })
  if (!(await done.count()) && (await failed.count())) throw new Error(await failed.first().innerText())
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const studio = await openStudioPage({ build: args.build, log })
  try {
    const { page } = studio
    await page.goto(studio.url)
    const live = page.getByRole('region', { name: 'Live' })
    if (args.baseUrl) await live.getByLabel('Live exchange URL').fill(args.baseUrl)
    log(`starting with ${resolve(args.model)}`)
    await live.getByLabel('Live from model files').setInputFiles(FILES.map((f) => join(args.model, f)))
    await firstRefresh(live)
    const first = live.getByRole('table', { name: 'Live refreshes' }).locator('tbody tr').first().locator('td')
    log(`the first refresh took ${await first.nth(4).innerText()} (fetch, features, forecast)`)
    const skipped = await first.last().innerText()
    if (skipped.trim()) log(`skipped: ${skipped.trim()}`)
    if (args.once) {
      if (!(await live.getByRole('table', { name: 'Live forecasts' }).count())) throw new Error(`live: no coin could be forecast${skipped.trim() ? ` — ${skipped.trim()}` : ''}`)
      console.log(await download(page, live, 'Download latest JSON'))
      return
    }
    mkdirSync(args.out, { recursive: true })
    const file = resolve(args.out, 'forecasts.jsonl')
    const written = new Set(existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => key(JSON.parse(l) as Record<string, unknown>)) : [])
    log(`refreshing every 15 minutes; scored forecasts go to ${file} (Ctrl-C stops)`)
    for (;;) {
      const retry = live.getByLabel('Live retry')
      if (await retry.count()) log(await retry.innerText())
      const lines = (await download(page, live, 'Download scored JSON')).split('\n').filter(Boolean)
      const fresh = lines.filter((l) => !written.has(key(JSON.parse(l) as Record<string, unknown>)))
      for (const l of fresh) written.add(key(JSON.parse(l) as Record<string, unknown>))
      if (fresh.length) {
        appendFileSync(file, fresh.map((l) => `${l}\n`).join(''))
        log(`${fresh.length} more scored; ${(await live.getByLabel('Live scoring').innerText()).trim()}`)
      }
      await page.waitForTimeout(60_000)
    }
  } finally {
    await studio.close()
  }
}

const key = (f: Record<string, unknown>) => `${String(f.symbol)}@${String(f.barOpenTime)}`

main().catch((e: Error) => {
  console.error(e.message)
  process.exit(e instanceof UsageError ? 2 : 1)
})
