import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { decodeShareLink } from '../src/config/shareLink'
import { downloadsOf, evaluateAndExport, openOnLink, openStudio, servedCandles, shortTraining } from './helpers'

test('train → change a feature period → Save and Download: the record has the trained features; reload + load evaluates the same predictions', async ({ page }) => {
  test.setTimeout(600_000)
  await openOnLink(page)
  await shortTraining(page, 'wasm', 1, 5)
  const first = await evaluateAndExport(page)
  expect(new Set(first.symbol)).toEqual(new Set(['LINKUSDT']))

  // The page now asks for rsi_7: Features and everything after it are stale, and say so.
  await page.getByLabel('rsi_14 period').fill('7')
  await expect(page.getByRole('table', { name: 'Feature list' })).toContainText('rsi_7')
  for (const cell of ['Features', 'Model', 'Train', 'Evaluate']) {
    await expect(page.getByRole('status', { name: `${cell} status` })).toHaveText('stale — settings changed since this ran')
  }
  await expect(page.getByRole('status', { name: 'Data status' })).toContainText('done')

  // Save and Download write the trained run, not the page.
  const exp = page.getByRole('region', { name: 'Export' })
  await exp.getByLabel('Name').fill('before the change')
  await exp.getByRole('button', { name: 'Save to browser' }).click()
  await expect(exp).toContainText('Saved "before the change" in this browser.', { timeout: 60_000 })
  const files = await downloadsOf(page, () => exp.getByRole('button', { name: 'Download model' }).click(), 3)
  const run = JSON.parse(readFileSync((await files.find((f) => f.suggestedFilename() === 'run.json')!.path())!, 'utf8'))
  expect(run.featureNames).toContain('rsi_14')
  expect(run.featureNames).not.toContain('rsi_7')
  expect(run.config.features.indicators).toContainEqual({ kind: 'rsi', period: 14 })
  expect(run.config.features.window).toBe(8)
  expect(run.runId).toMatch(/^run-/)
  expect(run.coins.map((c: { symbol: string }) => c.symbol)).toEqual(['LINKUSDT'])
  expect(run.evaluation.samples).toBe(first.close.length) // the evaluation is of this run
  // the share link of the trained run carries rsi_14; the page's, rsi_7
  let shown = ''
  const linked = async (button: string) => {
    await exp.getByRole('button', { name: button }).click()
    await expect.poll(async () => (shown = await page.getByLabel('Share link').inputValue())).not.toBe(shown)
    return (await decodeShareLink(new URL(shown).hash))!.config.features.indicators
  }
  expect(await linked('Copy share link of the trained run')).toContainEqual({ kind: 'rsi', period: 14 })
  expect(await linked("Copy share link of the page's settings")).toContainEqual({ kind: 'rsi', period: 7 })

  // Reload: the page starts from its defaults (rsi_14 on all pairs). Loading restores the run and predicts the same.
  await page.reload()
  await openStudio(page)
  await page.getByLabel('rsi_14 period').fill('7') // the page differs again; the load puts the run's features back
  await page.getByRole('button', { name: 'Load before the change' }).click()
  await expect(page.getByLabel('Training notes')).toContainText('Model loaded from this browser: "before the change"', { timeout: 120_000 })
  await expect(page.getByRole('table', { name: 'Feature list' })).toContainText('rsi_14')
  expect(await evaluateAndExport(page)).toEqual(first)

  // The downloaded files, loaded on a fresh page, predict the same.
  await page.reload()
  await openStudio(page)
  const picked = await Promise.all(files.map(async (f) => ({ name: f.suggestedFilename(), mimeType: 'application/octet-stream', buffer: readFileSync((await f.path())!) })))
  await page.getByLabel('Load model files').setInputFiles(picked)
  await expect(page.getByLabel('Training notes')).toContainText('Model loaded from files', { timeout: 120_000 })
  expect(await evaluateAndExport(page)).toEqual(first)
})

test('a model whose run.json features differ from what the page can build is refused, naming the difference', async ({ page }) => {
  test.setTimeout(300_000)
  await openOnLink(page)
  await shortTraining(page, 'wasm', 1, 5)
  await page.getByRole('region', { name: 'Train' }).getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 240_000 })
  const exp = page.getByRole('region', { name: 'Export' })
  const files = await downloadsOf(page, () => exp.getByRole('button', { name: 'Download model' }).click(), 3)
  const picked = await Promise.all(files.map(async (f) => ({ name: f.suggestedFilename(), mimeType: 'application/octet-stream', buffer: readFileSync((await f.path())!) })))
  // the run.json's statistics are of other candles: the model would read numbers scaled another way
  const run = JSON.parse(picked.find((f) => f.name === 'run.json')!.buffer.toString('utf8'))
  run.coins[0].stats.h1.mean[0] += 0.5
  const edited = picked.map((f) => (f.name === 'run.json' ? { ...f, buffer: Buffer.from(JSON.stringify(run)) } : f))
  await page.getByLabel('Load model files').setInputFiles(edited)
  await expect(page.getByRole('status', { name: 'Export status' })).toContainText('error', { timeout: 120_000 })
  await expect(exp.getByRole('alert')).toContainText(/load: LINKUSDT's 1h log_return is scaled with mean .* here but .* when the model was trained/)
  // the model trained here is still the one in the worker
  await expect(page.getByRole('status', { name: 'Train status' })).not.toContainText('error')
})

/** The last `hours` of a bundled pair as two CSV files named for `as`: a user's own candles. */
async function csvPair(symbol: string, as: string, hours: number) {
  const h1 = await servedCandles(`${symbol} 1h`)
  const start = h1.openTime[h1.openTime.length - hours]!
  return Promise.all((['1h', '15m'] as const).map(async (interval) => {
    const c = await servedCandles(`${symbol} ${interval}`, start)
    const rows = Array.from(c.openTime, (t, i) => [t, c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]].join(','))
    return { name: `${as}-${interval}.csv`, mimeType: 'text/csv', buffer: Buffer.from(['open_time,open,high,low,close,volume', ...rows].join('\n') + '\n') }
  }))
}

test('five coins from files: the default run trains and evaluates all five, and the Train cell says so', async ({ page }) => {
  test.setTimeout(600_000)
  await openStudio(page)
  // SUI and INJ are not in the bundle: LINK's and UNI's candles stand in for them, under their names
  const pairs: [string, string][] = [['BTCUSDT', 'BTCUSDT'], ['ETHUSDT', 'ETHUSDT'], ['SOLUSDT', 'SOLUSDT'], ['LINKUSDT', 'SUIUSDT'], ['UNIUSDT', 'INJUSDT']]
  const files = (await Promise.all(pairs.map(([from, as]) => csvPair(from, as, 1200)))).flat()
  await page.getByRole('radio', { name: 'My file (Parquet or CSV)' }).check()
  await page.getByLabel('Upload data file').setInputFiles(files)
  await expect(page.getByText(/^10 series from BTCUSDT-1h\.csv/)).toBeVisible({ timeout: 60_000 })
  const train = page.getByRole('region', { name: 'Train' })
  await expect(train.getByRole('combobox', { name: /^Preset/ })).toHaveValue('quick')
  const boxes = train.getByRole('group', { name: 'Coins to train on' }).getByRole('checkbox')
  await expect(boxes).toHaveCount(5)
  for (const b of await boxes.all()) await expect(b).toBeChecked()
  await expect(train.getByLabel('Coins left out')).toHaveText('Training on all 5 coins loaded.')
  await shortTraining(page, 'wasm', 1, 5)
  const p = await evaluateAndExport(page)
  expect([...new Set(p.symbol)].sort()).toEqual(['BTCUSDT', 'ETHUSDT', 'INJUSDT', 'SOLUSDT', 'SUIUSDT'])
  await expect(page.getByRole('table', { name: 'Metrics per coin' }).locator('tbody tr')).toHaveCount(5)

  // Unticking two: the cell names them, and the run trains on three.
  await boxes.nth(3).uncheck()
  await boxes.nth(4).uncheck()
  await expect(train.getByLabel('Coins left out')).toHaveText('Training on 3 of the 5 coins loaded; left out: SUIUSDT, INJUSDT.')
  await train.getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 240_000 })
  await expect(page.getByLabel('Training notes')).toContainText('Training on 3 of the 5 coins loaded; left out: SUIUSDT, INJUSDT.')
})
