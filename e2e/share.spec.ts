import { expect, test } from '@playwright/test'
import { encodeShareLink } from '../src/config/shareLink'
import { DEFAULT_CONFIG } from '../src/config/runConfig'
import { openStudio } from './helpers'

test('Copy share link → open it in a new page: every cell has the same configuration, and Run all is offered', async ({ page, context }) => {
  await openStudio(page)
  await page.getByLabel('Window (bars)').fill('30')
  await page.getByLabel('Horizon (1h bars)').fill('4')
  await page.getByLabel('Dropout').fill('0.3')
  const train = page.getByRole('region', { name: 'Train' })
  await train.getByLabel('Epochs', { exact: true }).fill('3')
  await train.getByRole('spinbutton', { name: 'Seed' }).fill('7')
  await train.getByRole('combobox', { name: /^Backend/ }).selectOption('wasm')
  const backtest = page.getByRole('region', { name: 'Backtest' })
  await backtest.getByLabel('Fee (%)').fill('0.25')
  await backtest.getByRole('combobox', { name: /^Rule/ }).selectOption('volTarget')
  await backtest.getByLabel('Leverage cap L').fill('2')
  await page.getByRole('button', { name: "Copy share link of the page's settings" }).click()
  const link = await page.getByLabel('Share link').inputValue()
  expect(link).toMatch(/#run=1\.[A-Za-z0-9_-]+$/)
  expect(link.length).toBeLessThan(1500)

  const other = await context.newPage()
  await other.goto(link)
  await expect(other.getByRole('region', { name: 'Shared run' })).toContainText('opened from a share link')
  await expect(other.getByRole('region', { name: 'Shared run' }).getByRole('button', { name: 'Run all' })).toBeVisible()
  await expect(other.getByRole('region', { name: 'Shared run' }).getByRole('alert')).toHaveCount(0)
  await expect(other.getByLabel('Window (bars)')).toHaveValue('30')
  await expect(other.getByLabel('Horizon (1h bars)')).toHaveValue('4')
  await expect(other.getByLabel('Dropout')).toHaveValue('0.3')
  const t2 = other.getByRole('region', { name: 'Train' })
  await expect(t2.getByLabel('Epochs', { exact: true })).toHaveValue('3')
  await expect(t2.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('7')
  await expect(t2.getByRole('combobox', { name: /^Backend/ })).toHaveValue('wasm')
  const b2 = other.getByRole('region', { name: 'Backtest' })
  await expect(b2.getByLabel('Fee (%)')).toHaveValue('0.25')
  await expect(b2.getByRole('combobox', { name: /^Rule/ })).toHaveValue('volTarget')
  await expect(b2.getByLabel('Leverage cap L')).toHaveValue('2')
})

test('a tampered link names the rejected fields, keeps defaults for them and the rest as given, and runs nothing from it', async ({ page }) => {
  const dialogs: string[] = []
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()))
  const bad = structuredClone(DEFAULT_CONFIG) as unknown as Record<string, Record<string, unknown>>
  bad.train = { ...bad.train, epochs: 0, seed: 9 }
  bad.data = { ...bad.data, pairs: ['<img src=x onerror=alert(1)>'] }
  bad.features = { ...bad.features, window: 100_000 }
  await page.goto(`./#${await encodeShareLink(bad as never)}`)
  const rejected = page.getByRole('list', { name: 'Rejected fields' })
  await expect(rejected).toContainText('data.pairs')
  await expect(rejected).toContainText('features.window')
  await expect(rejected).toContainText('train.epochs')
  await expect(rejected.locator('li')).toHaveCount(3)
  const train = page.getByRole('region', { name: 'Train' })
  await expect(train.getByLabel('Epochs', { exact: true })).toHaveValue(String(DEFAULT_CONFIG.train.epochs))
  await expect(train.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('9')
  await expect(page.getByLabel('Window (bars)')).toHaveValue(String(DEFAULT_CONFIG.features.window))
  await expect(page.getByText(/^44 series from the bundled dataset/)).toBeVisible({ timeout: 30_000 }) // default pairs
  expect(await page.locator('img').count()).toBe(0)
  expect(dialogs).toEqual([])

  await page.goto('./#run=1.not*base64')
  await page.reload()
  await expect(page.getByRole('list', { name: 'Rejected fields' })).toContainText('(link)')
  await expect(page.getByRole('region', { name: 'Train' }).getByRole('spinbutton', { name: 'Seed' })).toHaveValue(String(DEFAULT_CONFIG.train.seed))
})

test('a link pasted into a tab that already shows the studio opens as in a new tab: its configuration, its banner, its candles', async ({ page }) => {
  await openStudio(page)
  const cfg = structuredClone(DEFAULT_CONFIG)
  cfg.data.pairs = ['LINKUSDT']
  cfg.features.window = 30
  cfg.train.seed = 7
  const hash = await encodeShareLink(cfg)
  // what pasting a link into the address bar does to an open page: only the hash changes, no reload
  await page.evaluate((h) => (location.hash = h, (window as unknown as { notReloaded: boolean }).notReloaded = true), hash)
  await expect(page.getByRole('region', { name: 'Shared run' })).toContainText('opened from a share link')
  await expect(page.getByLabel('Window (bars)')).toHaveValue('30')
  await expect(page.getByRole('region', { name: 'Train' }).getByRole('spinbutton', { name: 'Seed' })).toHaveValue('7')
  await expect(page.getByText(/^2 series from the bundled dataset/)).toBeVisible({ timeout: 30_000 })
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
})
