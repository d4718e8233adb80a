import { expect, test, type Page } from '@playwright/test'
import { openStudio, trainTiny } from './helpers'

async function watchLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] }
    w.longTasks = []
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' })
  })
}

async function epochs(page: Page): Promise<{ loss: number; val: number }[]> {
  const rows = await page.getByRole('table', { name: 'Epochs' }).locator('tbody tr').allInnerTexts()
  return rows.map((r) => r.split('\t')).map((c) => ({ loss: Number(c[1]), val: Number(c[2]) }))
}

test('a new user opens the page and clicks Train: the Quick preset runs every cell and learns (WASM)', async ({ page }) => {
  test.setTimeout(600_000)
  await openStudio(page)
  await watchLongTasks(page)
  const train = page.getByRole('region', { name: 'Train' })
  // Forced, so the test means the same on a machine with a GPU; automatic choice is exercised by the reload test.
  await train.getByRole('combobox', { name: /^Backend/ }).selectOption('wasm')
  await train.getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Features status' })).toContainText('done', { timeout: 60_000 })
  await expect(page.getByRole('table', { name: 'Model summary' })).toContainText('48,179')
  await expect(page.getByLabel('Backend in use')).toContainText('Training on wasm with the fused LSTM on two threads', { timeout: 60_000 })
  await expect(page.getByLabel('Training progress')).toBeVisible()
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 540_000 })
  const e = await epochs(page)
  console.log(`train: ${await page.getByLabel('Backend in use').innerText()} epochs ${JSON.stringify(e)}`)
  expect(e.length).toBeGreaterThan(1)
  for (const x of e) expect(Number.isFinite(x.val)).toBe(true)
  expect(Math.min(...e.slice(1).map((x) => x.val))).toBeLessThan(e[0]!.val)
  await expect(page.getByLabel('Training result')).toContainText(/tensors in memory after each epoch: \d+\.$/)
  // each baseline's validation loss is a labelled line on the loss chart
  for (const b of ['random walk', 'trailing 500 h', 'EWMA']) await expect(page.getByRole('figure', { name: 'Loss per epoch' }).getByText(`${b} (validation)`)).toBeVisible()
  for (const name of ['Loss per epoch', 'Batch loss', 'Learning rate']) {
    await expect(page.getByRole('figure', { name }).locator('svg path').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/)
  }
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks)
  console.log(`train: long tasks ${JSON.stringify(longTasks.map(Math.round))}`)
  expect(Math.max(0, ...longTasks)).toBeLessThanOrEqual(100)
  await page.screenshot({ path: 'test-results/train.png', fullPage: true })
})

test('a LSTM helper thread that cannot load is named in the Train cell, and training goes on on one thread', async ({ page, context }) => {
  test.setTimeout(300_000)
  // The training worker is served with its helper's address pointing at a file that is not there, as after a
  // partial deploy (requests a worker makes itself are not routed, so its own script is rewritten instead).
  await context.route(/train\.worker-[\w-]+\.js/, async (route) => {
    const response = await route.fetch()
    const body = (await response.text()).replace(/lstmThread\.worker-[\w-]+\.js/g, 'lstmThread.worker-missing.js')
    await route.fulfill({ response, body })
  })
  await trainTiny(page, 'wasm', 1, 2)
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 240_000 })
  await expect(page.getByLabel('Backend in use')).toHaveText(/^Training on wasm with the fused LSTM\./)
  const notes = page.getByRole('list', { name: 'Training notes' })
  await expect(notes).toContainText(/The LSTM helper thread did not start \(.+\); the fused LSTM runs on one thread, with the same numbers\./)
  console.log(`train notes: ${await notes.innerText()}`)
})

test.describe('WebGPU (SwiftShader: correct but slow, so a tiny configuration)', () => {
  test('trains when forced onto WebGPU', async ({ page }) => {
    test.setTimeout(600_000)
    await trainTiny(page, 'webgpu', 2, 3)
    await expect(page.getByLabel('Backend in use')).toContainText('Training on webgpu with the fused LSTM', { timeout: 120_000 })
    await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 540_000 })
    const e = await epochs(page)
    expect(e).toHaveLength(2)
    for (const x of e) expect(Number.isFinite(x.val)).toBe(true)
  })
})

test('Pause, Resume and Stop; Stop keeps the best weights', async ({ page }) => {
  test.setTimeout(300_000)
  await openStudio(page)
  const train = page.getByRole('region', { name: 'Train' })
  await train.getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.getByLabel('Training progress')).toBeVisible({ timeout: 60_000 })
  await expect(page.getByRole('table', { name: 'Epochs' }).locator('tbody tr')).toHaveCount(1, { timeout: 120_000 })
  await train.getByRole('button', { name: 'Pause' }).click()
  await page.waitForTimeout(500) // the batch in flight finishes; then nothing moves
  const frozen = await page.getByLabel('Training progress').getAttribute('value')
  await page.waitForTimeout(1500)
  expect(await page.getByLabel('Training progress').getAttribute('value')).toBe(frozen)
  await train.getByRole('button', { name: 'Resume' }).click()
  await expect.poll(() => page.getByLabel('Training progress').getAttribute('value')).not.toBe(frozen)
  await train.getByRole('button', { name: 'Stop' }).click()
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 60_000 })
  await expect(page.getByRole('list', { name: 'Training notes' })).toContainText('Finished: stopped by you; restored the best weights, from epoch 1.')
})

test('a page reloaded during training offers to resume from the checkpoint', async ({ page }) => {
  test.setTimeout(300_000)
  await openStudio(page)
  await page.getByRole('region', { name: 'Train' }).getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.getByRole('table', { name: 'Epochs' }).locator('tbody tr')).toHaveCount(2, { timeout: 180_000 })
  await expect(page.getByLabel('Backend in use')).toContainText(/Training on (webgpu|webgl|wasm)/) // automatic choice
  await page.reload()
  await expect(page.getByText('A training run stopped at epoch 2 of 8 when the page closed.')).toBeVisible()
  await page.getByRole('button', { name: 'Resume from checkpoint' }).click()
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 240_000 })
  const first = await page.getByRole('table', { name: 'Epochs' }).locator('tbody tr').first().innerText()
  expect(first.split('\t')[0]).toBe('3')
  // epochs 3 to 8, or fewer if early stopping ends the run
  const resumed = await page.getByRole('table', { name: 'Epochs' }).locator('tbody tr').count()
  expect(resumed).toBeGreaterThanOrEqual(1)
  expect(resumed).toBeLessThanOrEqual(6)
})
