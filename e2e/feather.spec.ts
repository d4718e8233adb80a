import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { decodeCandleFile } from '../src/data/decode'
import { toArrayBuffer } from '../src/data/decode'
import { bundledPair } from '../src/data/testing'
import { openStudio, plain, rowsOfTable } from './helpers'

test('Export Feather writes the selected series as freqtrade names it, and a freqtrade file uploads', async ({ page }) => {
  await openStudio(page)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Feather (BTCUSDT 1h)' }).click()])
  expect(download.suggestedFilename()).toBe('BTC_USDT-1h.feather')
  const bytes = readFileSync(await download.path())
  const { series } = await decodeCandleFile(toArrayBuffer(bytes), download.suggestedFilename(), {}, 'file')
  const [btc1h] = await bundledPair('BTCUSDT')
  expect(plain(series[0]!.candles)).toEqual(plain(btc1h!.candles))

  await page.getByRole('radio', { name: 'My file (Parquet or CSV)' }).check()
  await page.getByLabel('Upload data file').setInputFiles('src/data/fixtures/BTC_USDT-15m.feather')
  await expect(page.getByText('1 series from BTC_USDT-15m.feather, 300 bars.')).toBeVisible({ timeout: 30_000 })
  await expect(rowsOfTable(page).first()).toContainText('BTCUSDT15m3002024-01-01T00:00Z2024-01-04T02:45Znonefile')
})
