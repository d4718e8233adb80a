import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { readParquet } from '../src/data/parquet'
import { toArrayBuffer } from '../src/data/decode'
import { openStudio, tinySettings } from './helpers'

/** Sets the seed (and dropout), clicks Train and waits for the run to end. */
async function trainWith(page: Page, seed: number, dropout?: string) {
  const train = page.getByRole('region', { name: 'Train' })
  await train.getByRole('spinbutton', { name: 'Seed' }).fill(String(seed))
  if (dropout) await page.getByLabel('Dropout').fill(dropout)
  await train.getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 240_000 })
}

const runsTable = (page: Page) => page.getByRole('table', { name: 'Runs' })

test('train twice with other seeds → both runs listed → compare: both loss curves, the seed the only difference → fork restores the settings', async ({ page }) => {
  test.setTimeout(600_000)
  await openStudio(page)
  await tinySettings(page, 'wasm', 2, 2)
  await trainWith(page, 1)
  await expect(runsTable(page).locator('tbody tr')).toHaveCount(1, { timeout: 30_000 })
  await trainWith(page, 2)
  const rows = runsTable(page).locator('tbody tr')
  await expect(rows).toHaveCount(2, { timeout: 30_000 })
  // the one setting that differs is a column; newest first
  await expect(runsTable(page).locator('thead')).toContainText('train.seed')
  expect((await rows.allInnerTexts()).map((t) => t.split('\t')[4]?.trim())).toEqual(['2', '1'])
  for (const r of await rows.allInnerTexts()) expect(r).toMatch(/finished \(2 epochs\)[^]*\tkept\t/)

  // Backtest (evaluating first): the newest run gains its skill, coverage and Sharpe
  const backtest = page.getByRole('region', { name: 'Backtest' })
  await backtest.getByRole('combobox', { name: /^Rule/ }).selectOption('volTarget') // always in the market: a Sharpe ratio
  await backtest.getByRole('button', { name: 'Backtest', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Backtest status' })).toContainText('done', { timeout: 120_000 })
  const skillCol = (await runsTable(page).locator('thead th').allInnerTexts()).findIndex((h) => h.startsWith('Skill vs EWMA'))
  const sharpeCol = (await runsTable(page).locator('thead th').allInnerTexts()).findIndex((h) => h.startsWith('Sharpe'))
  await expect(rows.first().locator('td').nth(skillCol)).toHaveText(/^[+-]?\d+\.\d %$/)
  await expect(rows.first().locator('td').nth(sharpeCol)).not.toHaveText('—')
  await expect(rows.nth(1).locator('td').nth(skillCol)).toHaveText('—')

  // rename the older run, then filter by a setting
  const older = page.getByRole('textbox', { name: /^Name of run / }).nth(1)
  await older.fill('seed one')
  await older.press('Enter')
  await expect(page.getByRole('textbox', { name: 'Name of run seed one' })).toBeVisible()
  await page.getByLabel('Filter runs').fill('seed=1')
  await expect(rows).toHaveCount(1)
  await page.getByLabel('Filter runs').fill('')

  // sort by seed, ascending: the renamed run first
  await runsTable(page).getByRole('button', { name: 'train.seed' }).click()
  await expect(rows.first().getByRole('textbox')).toHaveValue('seed one')

  await page.getByRole('checkbox', { name: 'Compare seed one' }).check()
  await page.getByRole('checkbox', { name: /^Compare (?!seed one)/ }).check()
  const compare = page.getByRole('region', { name: 'Compare runs' })
  const curves = compare.getByRole('figure', { name: 'Loss curves of the compared runs' })
  for (const name of ['A train', 'A validation', 'B train', 'B validation']) await expect(curves.getByText(name, { exact: true })).toBeVisible()
  await expect(curves.locator('path[d^="M"]')).toHaveCount(4)
  for (const d of await curves.locator('path[d^="M"]').evaluateAll((ps) => ps.map((p) => p.getAttribute('d')))) expect(d).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/)
  await expect(curves).toContainText('epoch · log scale')
  const diff = compare.getByRole('table', { name: 'Config differences' })
  await expect(diff.locator('tbody tr')).toHaveCount(1)
  await expect(diff.locator('tbody tr')).toHaveText(/^train\.seed\s*1\s*2$/)
  await expect(compare.getByRole('table', { name: 'Metrics side by side' })).toContainText('Best val loss')

  // fork the seed-1 run: the Seed field is 1 again
  await page.getByRole('button', { name: 'Fork seed one' }).click()
  await expect(page.getByRole('region', { name: 'Train' }).getByRole('spinbutton', { name: 'Seed' })).toHaveValue('1')
  await expect(page.getByRole('list', { name: 'Runs notes' })).toContainText('Forked "seed one"')

  // the flat export reads back: one row per run, the seed a numeric column
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export runs.parquet' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('runs.parquet')
  const t = await readParquet(toArrayBuffer(readFileSync((await file.path())!)), 'runs.parquet')
  expect(t.rows).toBe(2)
  expect(Array.from(t.columns.get('config.train.seed') as ArrayLike<number>).sort()).toEqual([1, 2])
  expect(Array.from(t.columns.get('outcome') as ArrayLike<string>)).toEqual(['finished', 'finished'])

  // a third run with another dropout: parallel coordinates, brushed on the dropout axis
  // keeping weights for the last run only: the two older records say theirs are gone
  await page.getByLabel('Keep weights of the last').fill('1')
  await trainWith(page, 3, '0.3')
  await expect(rows).toHaveCount(3, { timeout: 30_000 })
  await expect(rows.filter({ hasText: 'not kept' })).toHaveCount(2)
  await expect(rows.last()).toContainText('kept')
  await expect(rows.last()).not.toContainText('not kept')
  await rows.last().getByRole('checkbox').check() // still sorted by seed: the seed-3 run is last
  const pc = compare.getByRole('figure', { name: 'Parallel coordinates' })
  await expect(pc.getByLabel('Runs within the brushes')).toHaveText('Within the brushes: A, B, C')
  const axis = pc.getByLabel('Brush model.dropout')
  await axis.scrollIntoViewIfNeeded()
  const box = (await axis.boundingBox())!
  // from above the top (0.3) to halfway down: keeps the dropout-0.3 run only
  await page.mouse.move(box.x + box.width / 2, box.y + 2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 })
  await page.mouse.up()
  await expect(pc.getByLabel('Runs within the brushes')).toHaveText('Within the brushes: C')
  // the records survive a reload
  await page.reload()
  await expect(runsTable(page).locator('tbody tr')).toHaveCount(3, { timeout: 30_000 })
  await page.getByRole('button', { name: 'Delete run seed one' }).click()
  await expect(runsTable(page).locator('tbody tr')).toHaveCount(2)
})
