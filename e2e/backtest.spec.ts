import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { decodeShareLink } from '../src/config/shareLink'
import { readParquet } from '../src/data/parquet'
import { toArrayBuffer } from '../src/data/decode'
import { openStudio } from './helpers'

test('train (Quick) → Evaluate → Backtest: tables, equity chart; a new fee changes the result and travels in the share link', async ({ page }) => {
  test.setTimeout(600_000)
  await openStudio(page)
  await page.getByRole('region', { name: 'Train' }).getByRole('combobox', { name: /^Backend/ }).selectOption('wasm')
  const cell = page.getByRole('region', { name: 'Backtest' })
  // Backtest runs what it needs above it: Train (Quick), then Evaluate, then itself.
  await cell.getByRole('button', { name: 'Backtest', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Backtest status' })).toContainText('done', { timeout: 540_000 })

  const table = cell.getByRole('table', { name: 'Backtest metrics' })
  await expect(table.locator('thead')).toContainText('Buy-and-hold')
  await expect(table.locator('thead')).toContainText('Rule on EWMA volatility')
  await expect(table).toContainText('hourly returns × √8760, risk-free rate 0')
  await expect(cell.getByRole('table', { name: 'Backtest per coin' }).locator('tbody tr')).toHaveCount(3)
  await expect(cell.getByRole('img', { name: 'Equity chart' }).locator('path').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/)
  await expect(cell.getByRole('img', { name: 'Drawdown chart' })).toBeVisible()
  await expect(cell.getByRole('img', { name: 'BTCUSDT position chart' })).toBeVisible()
  await expect(cell.getByLabel('Backtest verdict')).toContainText(/buy-and-hold .*95 % interval/)
  const finalEquity = async () => (await table.getByRole('row', { name: /^Final equity/ }).getByRole('cell').allInnerTexts()).slice(1)
  const before = await finalEquity()
  console.log(`backtest: final equity at 0.1 %: ${before.join(' | ')}; ${await cell.getByLabel('Backtest verdict').innerText()}`)

  // The volatility target sizes every bar by the band, so it trades: its trades go out as Parquet, one row per change.
  await cell.getByRole('combobox', { name: /^Rule/ }).selectOption('volTarget')
  await expect.poll(finalEquity, { timeout: 120_000 }).not.toEqual(before)
  await expect(page.getByRole('status', { name: 'Backtest status' })).toContainText('done', { timeout: 120_000 })
  const vol = await finalEquity()
  console.log(`backtest: volatility target at 0.1 %: ${vol.join(' | ')}; ${await cell.getByLabel('Backtest verdict').innerText()}`)
  const [download] = await Promise.all([page.waitForEvent('download'), cell.getByRole('button', { name: 'Export trades' }).click()])
  expect(download.suggestedFilename()).toBe('trades-test.parquet')
  const trades = await readParquet(toArrayBuffer(readFileSync((await download.path())!)), 'trades.parquet')
  expect([...trades.columns.keys()]).toEqual(['symbol', 'open_time', 'side', 'position_before', 'position_after', 'price', 'fee'])
  const tradeCount = Number((await table.getByRole('row', { name: /^Trades/ }).getByRole('cell').allInnerTexts())[1])
  expect(tradeCount).toBeGreaterThan(0)
  expect(trades.rows).toBeGreaterThanOrEqual(2 * tradeCount) // each trade opens and closes; rebalances add rows

  // A higher fee lowers the strategy's and buy-and-hold's final equity.
  await cell.getByLabel('Fee (%)').fill('0.5')
  await expect.poll(finalEquity, { timeout: 120_000 }).not.toEqual(vol)
  await expect(page.getByRole('status', { name: 'Backtest status' })).toContainText('done', { timeout: 120_000 })
  const after = await finalEquity()
  expect(Number(after[0])).toBeLessThan(Number(vol[0]))
  expect(Number(after[1])).toBeLessThan(Number(vol[1]))

  await page.getByRole('button', { name: "Copy share link of the page's settings" }).click()
  const link = await page.getByLabel('Share link').inputValue()
  const shared = await decodeShareLink(new URL(link).hash)
  expect(shared?.rejected).toEqual([])
  expect(shared?.config.backtest.fee).toBeCloseTo(0.005, 12)

  // The training split is offered only with a warning on the page.
  await cell.getByRole('combobox', { name: 'Split' }).selectOption('train')
  await expect(cell.getByLabel('Training split warning')).toContainText('overstate')
})
