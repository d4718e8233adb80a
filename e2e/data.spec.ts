import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { tableFromIPC } from 'apache-arrow'
import { readParquet } from 'parquet-wasm/node'
import { writeCandlesParquet } from '../src/data/parquet'
import { bundledPair } from '../src/data/testing'
import { seriesKey } from '../src/data/types'
import { downloadedSeries, FAKE, fakeRequests, openStudio, plain, resetFake, rowsOfTable, servedCandles, watchMainThread } from './helpers'

const H = 3_600_000
const JUNE_1 = Date.UTC(2024, 5, 1)

test('opens on the bundled candles, 22 pairs × 2 intervals, with no request beyond its own origin', async ({ page, baseURL }) => {
  const foreign: string[] = []
  page.on('request', (r) => {
    if (!r.url().startsWith(baseURL!) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url())
  })
  await openStudio(page)
  await expect(rowsOfTable(page)).toHaveCount(44)
  await expect(rowsOfTable(page).first()).toContainText('BTCUSDT1h14,9272023-01-01T00:00Z2024-09-13T23:00Z1 (1 bars)bundled')
  await expect(page.getByRole('img', { name: 'BTCUSDT 1h close price' })).toBeVisible()
  await page.getByRole('cell', { name: 'ETHUSDT' }).nth(1).click()
  await expect(page.getByRole('img', { name: 'ETHUSDT 15m close price' })).toBeVisible()
  await page.getByText('1 gap(s) in ETHUSDT 15m').click()
  await expect(page.getByRole('list', { name: 'Gaps in ETHUSDT 15m' })).toHaveText('2023-03-24T12:30Z → 2023-03-24T14:00Z: 5 bar(s) missing')
  expect(foreign).toEqual([])
})

test.describe('Binance fetch from the fake exchange', () => {
  test.beforeEach(async ({ page }) => {
    await openStudio(page)
    await page.getByRole('radio', { name: 'Fetch from Binance' }).check()
    await page.getByLabel('API base URL').fill(FAKE)
    await page.getByLabel('History').selectOption('range')
    await page.getByLabel('From', { exact: true }).fill('2024-06-01')
    await page.getByLabel('To', { exact: true }).fill('2024-06-10')
  })

  test('goes through a 429 with Retry-After and a 500 and ends with exactly the served candles', async ({ page, request }) => {
    await resetFake(request, [{ kind: '429', retryAfter: 2 }, { kind: '500' }])
    await page.getByLabel('Pairs').fill('BTCUSDT, ETHUSDT')
    await page.getByRole('button', { name: 'Fetch from Binance' }).click()
    await expect(page.getByText(/Rate-limited by the exchange: resuming in [12] s/)).toBeVisible()
    await expect(page.getByLabel('Fetch progress')).toBeVisible()
    await expect(page.getByText(`4 series from ${FAKE}`)).toBeVisible({ timeout: 20_000 })
    await expect(rowsOfTable(page)).toHaveCount(4)
    await expect(rowsOfTable(page).first()).toContainText('BTCUSDT1h2402024-06-01T00:00Z2024-06-10T23:00ZnoneBinance')

    const log = await fakeRequests(request)
    expect(log.map((r) => r.status)).toEqual([429, 500, 200, 200, 200, 200])
    expect(log.some((r) => r.method === 'OPTIONS')).toBe(false)

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Parquet' }).click()])
    const got = await downloadedSeries(download)
    expect(got.map(seriesKey)).toEqual(['BTCUSDT 1h', 'BTCUSDT 15m', 'ETHUSDT 1h', 'ETHUSDT 15m'])
    for (const s of got) {
      const end = JUNE_1 + 10 * 24 * H - (s.interval === '1h' ? H : H / 4)
      expect(plain(s.candles)).toEqual(plain(await servedCandles(seriesKey(s), JUNE_1, end)))
    }
  })

  test('a second fetch asks only for bars newer than the cache holds', async ({ page, request }) => {
    await resetFake(request)
    await page.getByLabel('Pairs').fill('SOLUSDT')
    await page.getByRole('checkbox', { name: '15m' }).uncheck()
    await page.getByRole('button', { name: 'Fetch from Binance' }).click()
    await expect(page.getByText(`1 series from ${FAKE}`)).toBeVisible()
    await resetFake(request)
    await page.getByLabel('To', { exact: true }).fill('2024-06-20')
    await page.getByRole('button', { name: 'Fetch from Binance' }).click()
    await expect(rowsOfTable(page).first()).toContainText('SOLUSDT1h4802024-06-01T00:00Z2024-06-20T23:00Z')
    const log = await fakeRequests(request)
    expect(log.map((r) => Number(r.query.startTime))).toEqual([JUNE_1 + 240 * H])
  })

  test('reports an unknown symbol by name and keeps the pairs that worked', async ({ page, request }) => {
    await resetFake(request)
    await page.getByLabel('Pairs').fill('FOOUSDT, ADAUSDT')
    await page.getByRole('checkbox', { name: '15m' }).uncheck()
    await page.getByRole('button', { name: 'Fetch from Binance' }).click()
    await expect(page.getByText(`1 series from ${FAKE}`)).toBeVisible()
    await expect(page.getByRole('list', { name: 'Data notes' })).toContainText('binance: unknown symbol FOOUSDT (code -1121: Invalid symbol.)')
  })

  test('explains a CORS refusal and keeps the data already loaded', async ({ page, request }) => {
    await resetFake(request, [{ kind: 'nocors', times: 20 }])
    await page.getByLabel('Pairs').fill('BTCUSDT')
    await page.getByRole('button', { name: 'Fetch from Binance' }).click()
    await expect(page.getByRole('alert')).toContainText('does not allow this page to read its responses (CORS)', { timeout: 20_000 })
    await expect(page.getByRole('alert')).toContainText('use the bundled data, or fetch elsewhere and upload a Parquet or CSV file')
    await expect(rowsOfTable(page)).toHaveCount(44)
  })

  test('Cancel stops the fetch and keeps the data already loaded', async ({ page, request }) => {
    await resetFake(request)
    await page.getByLabel('Spacing (ms)').fill('1500')
    await page.getByRole('button', { name: 'Fetch from Binance' }).click()
    await expect(page.getByText(/1 \/ 44 requests/)).toBeVisible()
    await page.getByRole('button', { name: 'Cancel' }).click()
    await expect(page.getByRole('alert')).toContainText('binance: fetch cancelled')
    await expect(rowsOfTable(page)).toHaveCount(44)
    await expect(page.getByText(/^44 series from the bundled dataset/)).toBeVisible()
  })
})

test.describe('files in and out', () => {
  test('uploads a long-format Parquet file', async ({ page }) => {
    await openStudio(page)
    const series = [...(await bundledPair('LINKUSDT')), ...(await bundledPair('TRXUSDT'))]
    await page.getByRole('radio', { name: 'My file (Parquet or CSV)' }).check()
    await page.getByLabel('Upload data file').setInputFiles({ name: 'mine.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from(writeCandlesParquet(series)) })
    await expect(page.getByText('4 series from mine.parquet')).toBeVisible()
    await expect(rowsOfTable(page).nth(3)).toContainText('TRXUSDT15m12,392')
    await expect(rowsOfTable(page).nth(3)).toContainText('file')
  })

  test('uploads a CSV of real candles named after its pair', async ({ page }) => {
    await openStudio(page)
    await page.getByRole('radio', { name: 'My file (Parquet or CSV)' }).check()
    await page.getByLabel('Upload data file').setInputFiles('e2e/fixtures/SOLUSDT-1h.csv')
    await expect(page.getByText('1 series from SOLUSDT-1h.csv, 200 bars.')).toBeVisible()
    await expect(rowsOfTable(page).first()).toContainText('SOLUSDT1h2002023-06-02T02:00Z2023-06-10T09:00Znonefile')
  })

  test('asks for symbol and interval when a file does not say them', async ({ page }) => {
    await openStudio(page)
    await page.getByRole('radio', { name: 'My file (Parquet or CSV)' }).check()
    await page.getByLabel('Upload data file').setInputFiles({ name: 'prices.csv', mimeType: 'text/csv', buffer: readFileSync('e2e/fixtures/SOLUSDT-1h.csv') })
    await expect(page.getByRole('alert')).toContainText("prices.csv has no 'symbol' column")
    await expect(rowsOfTable(page)).toHaveCount(44)
    await page.getByLabel('Symbol').fill('solusdt')
    await page.getByLabel('Interval').selectOption('1h')
    await page.getByRole('button', { name: 'Load prices.csv again' }).click()
    await expect(page.getByText('1 series from prices.csv, 200 bars.')).toBeVisible()
  })

  test('rejects a corrupt file with a clear message and keeps the previous data', async ({ page }) => {
    await openStudio(page)
    const good = writeCandlesParquet(await bundledPair('ATOMUSDT'))
    await page.getByRole('radio', { name: 'My file (Parquet or CSV)' }).check()
    await page.getByLabel('Upload data file').setInputFiles({ name: 'ATOMUSDT.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from(good.slice(0, 20_000)) })
    await expect(page.getByRole('alert')).toHaveText('file: ATOMUSDT.parquet is truncated or damaged (the Parquet footer is missing)')
    await expect(rowsOfTable(page)).toHaveCount(44)
    await expect(page.getByText(/^44 series from the bundled dataset/)).toBeVisible()
  })

  test('exports the dataset as Parquet that reads back the same, in hyparquet and in parquet-wasm', async ({ page }) => {
    await openStudio(page)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Parquet' }).click()])
    const got = await downloadedSeries(download)
    expect(got).toHaveLength(44)
    for (const s of got) expect(plain(s.candles)).toEqual(plain(await servedCandles(seriesKey(s))))

    const table = tableFromIPC(readParquet(new Uint8Array(readFileSync((await download.path())!))).intoIPCStream())
    expect(table.numRows).toBe(got.reduce((n, s) => n + s.candles.openTime.length, 0))
    const btc = await servedCandles('BTCUSDT 1h')
    expect(table.get(100)!.toJSON()).toEqual({
      symbol: 'BTCUSDT', interval: '1h', open_time: BigInt(btc.openTime[100]!),
      open: btc.open[100], high: btc.high[100], low: btc.low[100], close: btc.close[100], volume: btc.volume[100],
    })

    // …and uploading the export gives back the same dataset
    await page.getByRole('radio', { name: 'My file (Parquet or CSV)' }).check()
    await page.getByLabel('Upload data file').setInputFiles((await download.path())!)
    await expect(rowsOfTable(page)).toHaveCount(44)
    await expect(rowsOfTable(page).first()).toContainText('BTCUSDT1h14,927')
  })
})

test('a million-row file loads without hanging the page', async ({ page }) => {
  await openStudio(page)
  // Two pairs of 500,000 15m bars: a million bars of one series would run 28 years, into the future.
  const n = 500_000
  const t0 = Date.UTC(2011, 0, 1)
  const close = new Float64Array(n)
  let p = 100
  for (let i = 0; i < n; i++) close[i] = p = Math.round((p + Math.sin(i / 50) * 0.3) * 100) / 100
  const candles = {
    openTime: Float64Array.from({ length: n }, (_, i) => t0 + i * 900_000),
    open: close, high: close.map((c) => c + 0.5), low: close.map((c) => c - 0.5), close, volume: close.map(() => 1),
  }
  const bytes = writeCandlesParquet(['BTCUSDT', 'ETHUSDT'].map((symbol) => ({ symbol, interval: '15m' as const, source: 'file' as const, candles, gaps: [] })))
  const mainThread = await watchMainThread(page)
  await page.getByRole('radio', { name: 'My file (Parquet or CSV)' }).check()
  await page.getByLabel('Upload data file').setInputFiles({ name: 'big.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) })
  // Parsing runs in a worker; the page only draws: it shows the reading state, so it was not frozen when the file came in.
  await expect(page.getByRole('status', { name: 'Data status' })).toContainText('running')
  await expect(page.getByText('2 series from big.parquet, 1,000,000 bars.')).toBeVisible({ timeout: 120_000 })
  const m = await mainThread()
  console.log(`1M rows: ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB Parquet, ${m.frames} frames drawn, longest main-thread task ${m.longest.toFixed(0)} ms`)
  expect(m.frames).toBeGreaterThan(0)
})
