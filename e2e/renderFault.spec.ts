import { expect, test } from '@playwright/test'
import { rowsOfTable, unfold } from './helpers'

// A render error in one cell must not blank the page: React unmounts everything above an uncaught render error.
test('a cell that throws while drawing shows the error with Retry; the other cells and the loaded data stay', async ({ page }) => {
  await page.goto('./?render-fault=features')
  await expect(page.getByText(/^44 series from the bundled dataset/)).toBeVisible({ timeout: 30_000 })
  await unfold(page, 'Loaded series')
  const failed = page.getByRole('region', { name: 'the Features cell (failed to draw)' })
  await expect(failed.getByRole('alert')).toContainText('ui: the Features cell could not be drawn (Error: test render fault in features)')
  // The rest of the page works: the Data cell's table answers clicks, the Model cell is drawn.
  await expect(rowsOfTable(page)).toHaveCount(44)
  await page.getByRole('cell', { name: 'ETHUSDT' }).nth(1).click()
  await expect(page.getByRole('img', { name: 'ETHUSDT 15m close price' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Model' })).toBeVisible()
  // Retry while the fault holds fails again, in place; once it is gone the cell draws.
  await failed.getByRole('button', { name: 'Retry' }).click()
  await expect(failed.getByRole('alert')).toBeVisible()
  await page.evaluate(() => { window.__renderFault = undefined })
  await failed.getByRole('button', { name: 'Retry' }).click()
  await expect(page.getByRole('heading', { name: 'Features' })).toBeVisible()
  await expect(failed).toHaveCount(0)
  await expect(rowsOfTable(page)).toHaveCount(44)
})

test('the Data cell failing to draw keeps the dataset, and Retry shows it again', async ({ page }) => {
  await page.goto('./?render-fault=data')
  await expect(page.getByRole('alert').first()).toContainText('ui: the Data cell could not be drawn', { timeout: 30_000 })
  await expect(page.getByRole('status', { name: 'Data status' })).toHaveCount(0)
  await page.evaluate(() => { window.__renderFault = undefined })
  await page.getByRole('button', { name: 'Retry' }).click()
  await expect(page.getByText(/^44 series from the bundled dataset/)).toBeVisible({ timeout: 30_000 })
})
