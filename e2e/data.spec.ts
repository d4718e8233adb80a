import { expect, test } from '@playwright/test'

test('the studio opens on the bundled candles: 22 pairs × 2 intervals', async ({ page }) => {
  await page.goto('./')
  await expect(page.getByRole('status', { name: 'Data status' })).toContainText('done', { timeout: 30_000 })
  const rows = page.getByRole('table', { name: 'Loaded series' }).locator('tbody tr')
  await expect(rows).toHaveCount(44)
  await page.screenshot({ path: 'test-results/studio.png', fullPage: true })
})
