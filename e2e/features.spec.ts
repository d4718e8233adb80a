import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { readParquet } from '../src/data/parquet'
import { toArrayBuffer } from '../src/data/decode'
import { bundledPair } from '../src/data/testing'
import { DEFAULT_FEATURES } from '../src/features/spec'
import { featureTable } from '../src/features/table'
import { openStudio, unfold, watchMainThread } from './helpers'

async function parquetTable(bytes: Buffer) {
  const t = await readParquet(toArrayBuffer(bytes), 'features.parquet')
  return { rows: t.rows, columns: [...t.columns].map(([name, data]) => ({ name, data })) }
}

test('Data then Features on the bundled data: tables, statistics, computed in workers', async ({ page }) => {
  await openStudio(page)
  const mainThread = await watchMainThread(page)
  const features = page.getByRole('region', { name: 'Features' })
  await features.getByRole('button', { name: 'Run' }).click()
  await expect(page.getByRole('status', { name: 'Features status' })).toContainText('done', { timeout: 60_000 })
  await expect(features.getByText(/^22 coins × 17 features per stream; samples: train /)).toBeVisible()
  // one calendar for every coin: the dates where 70 % and 85 % of all coins' hours have passed
  await expect(features.getByLabel('Split dates')).toContainText('train before 2024-07-01T18:00Z, validation 2024-07-01T18:00Z to 2024-08-05T06:00Z, test from 2024-08-05T06:00Z')
  // tables longer than 12 rows start folded to their summary line, and unfold on a click
  await expect(features.getByRole('button', { name: /^Samples per coin: 22 coins/, expanded: false })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Samples per coin' })).toHaveCount(0)
  await unfold(page, 'Samples per coin')
  await unfold(page, 'Train statistics of BTCUSDT')
  await expect(page.getByRole('table', { name: 'Samples per coin' }).locator('tbody tr')).toHaveCount(22)
  await expect(page.getByRole('table', { name: 'Train statistics of BTCUSDT' }).locator('tbody tr')).toHaveCount(17)
  await expect(page.getByRole('table', { name: 'Dropped samples' })).toContainText('1h window in indicator warm-up')
  // indicators run in the worker pool, not on the page's thread; the longest task the page had is printed, not judged
  await expect(features).toContainText(/Computed in \d+ ms on [1-4] workers;/)
  console.log(`features: longest main-thread task ${Math.round((await mainThread()).longest)} ms`)
  await page.screenshot({ path: 'test-results/features.png', fullPage: true })
})

test('Export features writes raw long-format features equal to the same code run in Node', async ({ page }) => {
  await openStudio(page)
  await page.getByLabel('Pairs').fill('LINKUSDT, UNIUSDT')
  await page.getByRole('button', { name: 'Load bundled data' }).click()
  await expect(page.getByText(/^4 series from the bundled dataset/)).toBeVisible()
  const features = page.getByRole('region', { name: 'Features' })
  await features.getByRole('button', { name: 'Run' }).click()
  await expect(features.getByText(/^2 coins × 17 features/)).toBeVisible()
  const [download] = await Promise.all([page.waitForEvent('download'), features.getByRole('button', { name: 'Export features' }).click()])
  const file = await parquetTable(readFileSync((await download.path())!))
  const expected = featureTable([...(await bundledPair('LINKUSDT')), ...(await bundledPair('UNIUSDT'))], DEFAULT_FEATURES)
  expect(file.columns.map((c) => c.name)).toEqual(['symbol', 'interval', 'open_time', ...expected.names])
  expect(file.rows).toBe(expected.openTime.length)
  for (const [j, name] of expected.names.entries()) {
    const col = file.columns.find((c) => c.name === name)!.data as Float64Array
    expect(col[1234], name).toBe(expected.columns[j]![1234])
    expect(col[file.rows - 1], name).toBe(expected.columns[j]![file.rows - 1])
  }
})

test('a coin too short to train on fails the Features cell with its name, and the data stays', async ({ page }) => {
  await openStudio(page)
  const T0 = Date.UTC(2024, 0, 1)
  const lines = ['symbol,interval,open_time,open,high,low,close,volume']
  for (let i = 0; i < 100; i++) lines.push(`SHORTUSDT,1h,${T0 + i * 3_600_000},1,1.2,0.9,1.1,5`)
  for (let i = 0; i < 400; i++) lines.push(`SHORTUSDT,15m,${T0 + i * 900_000},1,1.2,0.9,1.1,5`)
  await page.getByRole('radio', { name: 'My file (Parquet or CSV)' }).check()
  await page.getByLabel('Upload data file').setInputFiles({ name: 'short.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) })
  await expect(page.getByText('2 series from short.csv')).toBeVisible()
  const features = page.getByRole('region', { name: 'Features' })
  await features.getByRole('button', { name: 'Run' }).click()
  await expect(features.getByRole('alert')).toContainText('features: SHORTUSDT has no training samples')
  await expect(page.getByText('2 series from short.csv')).toBeVisible()
})
