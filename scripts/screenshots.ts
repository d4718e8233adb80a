/**
 * `npm run screenshots -- [--out docs/screenshots] [--no-build]`
 *
 * The README's pictures of the studio, taken from a real run: builds and serves the site, opens it in headless
 * Chromium at 1400 × 1000 and clicks through it as a person would — the bundled candles, two short trainings of
 * the Quick preset's coins that differ only in the seed, Evaluate and Backtest after each — and photographs the
 * Data, Train and Evaluate cells and the Runs panel comparing the two runs. Run it again when the page changes.
 */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, expect, type Locator, type Page } from '@playwright/test'
import { build, preview } from 'vite'
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium'

const EPOCHS = '4'
const BATCHES = '40'

async function shoot(target: Locator, out: string, name: string): Promise<void> {
  await target.scrollIntoViewIfNeeded()
  await target.screenshot({ path: resolve(out, name), animations: 'disabled' })
  console.log(`screenshots: ${name}`)
}

async function train(page: Page, seed: number): Promise<void> {
  const cell = page.getByRole('region', { name: 'Train' })
  await cell.getByRole('spinbutton', { name: 'Seed' }).fill(String(seed))
  await cell.getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 900_000 })
  await page.getByRole('region', { name: 'Backtest' }).getByRole('button', { name: 'Backtest', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Backtest status' })).toContainText('done', { timeout: 300_000 })
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const out = resolve(argv.includes('--out') ? argv[argv.indexOf('--out') + 1]! : 'docs/screenshots')
  mkdirSync(out, { recursive: true })
  if (!argv.includes('--no-build')) await build({ logLevel: 'warn' })
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('screenshots: vite preview did not start')
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage()
    page.on('pageerror', (e) => console.error(`screenshots: page error: ${e.message}`))
    await page.goto(url)
    await expect(page.getByText(/^44 series from the bundled dataset/)).toBeVisible({ timeout: 60_000 })
    await shoot(page.getByRole('region', { name: 'Data' }), out, 'data.png')
    const cell = page.getByRole('region', { name: 'Train' })
    await cell.getByLabel('Epochs', { exact: true }).fill(EPOCHS)
    await cell.getByLabel('Batches per epoch (0 = all)').fill(BATCHES)
    await train(page, 1)
    await shoot(cell, out, 'train.png')
    await shoot(page.getByRole('region', { name: 'Evaluate' }), out, 'evaluate.png')
    await train(page, 2)
    const runs = page.getByRole('region', { name: 'Runs', exact: true })
    for (const n of [0, 1]) await runs.getByRole('checkbox', { name: /^Compare / }).nth(n).check()
    await expect(runs.getByRole('figure', { name: 'Loss curves of the compared runs' })).toBeVisible()
    await shoot(runs, out, 'runs.png')
  } finally {
    await browser.close()
    await new Promise<void>((r) => server.httpServer.close(() => r()))
  }
}

main().catch((e: Error) => {
  console.error(e.message)
  process.exit(1)
})
