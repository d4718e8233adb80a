import { expect, test } from '@playwright/test'
import { openStudio, tinySettings } from './helpers'

test('a cell folds to its summary line and unfolds; the outline jumps to a cell; Shift+Enter runs the focused cell and moves on', async ({ page }) => {
  await openStudio(page)
  const data = page.getByRole('region', { name: 'Data' })
  await data.getByRole('button', { name: 'Fold the Data output' }).click()
  await expect(data.getByLabel('Data summary')).toHaveText('44 series, 524,838 bars (bundled)')
  await expect(page.getByRole('table', { name: 'Loaded series' })).toHaveCount(0)
  await data.getByRole('button', { name: 'Unfold the Data output' }).click()
  await expect(page.getByRole('table', { name: 'Loaded series' }).locator('tbody tr')).toHaveCount(44)
  await expect(data.getByLabel('Data summary')).toHaveCount(0)

  const outline = page.getByRole('navigation', { name: 'Outline' })
  await expect(outline.getByRole('button', { name: /^Data done/ })).toBeVisible()
  await outline.getByRole('button', { name: /^Features idle/ }).click()
  await expect(page.getByRole('region', { name: 'Features' })).toBeFocused()
  await page.keyboard.press('Shift+Enter')
  await expect(page.getByRole('status', { name: 'Features status' })).toContainText('done', { timeout: 60_000 })
  await expect(page.getByRole('region', { name: 'Model', exact: true })).toBeFocused()
  await expect(outline.getByRole('button', { name: /^Features done/ })).toBeVisible()
  // from a field inside the cell, as in Jupyter
  await page.getByRole('region', { name: 'Model', exact: true }).getByLabel('Dropout').focus()
  await page.keyboard.press('Shift+Enter')
  await expect(page.getByRole('status', { name: 'Model status' })).toContainText('done')
  await expect(page.getByRole('region', { name: 'Train' })).toBeFocused()
})

test('at 1400 px: the Evaluate tables stay inside the cell, the band chart opens on the last week, the calibration chart is readable', async ({ page }) => {
  test.setTimeout(300_000)
  await page.setViewportSize({ width: 1400, height: 900 })
  await openStudio(page)
  await tinySettings(page, 'wasm', 1, 2)
  await page.getByRole('region', { name: 'Evaluate' }).getByLabel('Also score the loaded coins the model did not train on').check()
  await page.getByRole('region', { name: 'Evaluate' }).getByRole('button', { name: 'Evaluate', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Evaluate status' })).toContainText('done', { timeout: 240_000 })
  const cell = page.getByRole('region', { name: 'Evaluate' })
  const edge = (await cell.boundingBox())!
  for (const table of await cell.getByRole('table').all()) {
    const box = (await table.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(edge.x + edge.width)
  }
  // 168 hourly forecasts: one week, however long the split
  await expect(cell.locator('figure.chart figcaption')).toContainText(/; 168 of \d+ forecasts\./)
  await cell.getByRole('button', { name: 'Whole split' }).click()
  await expect(cell.locator('figure.chart figcaption')).toContainText(/; (\d+) of \1 forecasts\./)
  const calibration = (await cell.getByRole('img', { name: 'Calibration chart' }).boundingBox())!
  expect(calibration.width).toBeGreaterThanOrEqual(500)
  // ticks on both axes: more than the two end labels
  expect(await cell.getByRole('img', { name: 'Calibration chart' }).locator('text').count()).toBeGreaterThan(10)
})
