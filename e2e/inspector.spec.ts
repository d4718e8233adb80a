import { expect, test } from '@playwright/test'
import { trainTiny, watchMainThread } from './helpers'

/**
 * The model inspector: tfjs-vis, loaded when it opens, shows the trained model's summary and one histogram of the
 * weights of each layer that has weights, as the training worker holds them.
 */
test('the inspector shows the Model cell’s layers and total, and one weight histogram per layer with its count', async ({ page }) => {
  test.setTimeout(300_000)
  await trainTiny(page, 'wasm', 1, 2)
  const open = page.getByRole('button', { name: 'Open inspector' })
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 240_000 })

  // What the Model cell shows: each layer's name and parameters, and the total.
  const rows = await page.getByRole('table', { name: 'Model summary' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
  const layers = rows.slice(0, -1).map((r) => ({ name: r[0]!, params: r[3]! }))
  const total = rows.at(-1)![1]!
  expect(layers.length).toBeGreaterThan(5)
  const weighted = layers.filter((l) => l.params !== '0')
  expect(weighted.length).toBeGreaterThan(3)

  // Nothing of tfjs-vis is loaded before the click.
  const visBefore = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /inspectorVis-/.test(e.name)).length)
  expect(visBefore).toBe(0)
  const watch = await watchMainThread(page)
  await open.click()
  const inspector = page.getByRole('region', { name: 'Model inspector' })
  const histograms = inspector.locator('figure.inspector-histogram')
  await expect(page.getByRole('button', { name: 'Close inspector' })).toBeVisible({ timeout: 60_000 })

  // The summary table (tfjs-vis's renderer): every layer name, and the total the Model cell shows.
  const summary = inspector.getByLabel('Inspector model summary').locator('table')
  const summaryRows = await summary.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
  expect(summaryRows.slice(0, -1).map((r) => [r[0], r[3]])).toEqual(layers.map((l) => [l.name, l.params]))
  expect([summaryRows.at(-1)![0], summaryRows.at(-1)![3]]).toEqual(['Total parameters', total])

  // One histogram per layer with weights, in the summary's order; its "Num Vals" is that layer's parameter count,
  // counted from the weights the worker shipped; each has a drawn chart.
  await expect(histograms).toHaveCount(weighted.length)
  expect(await histograms.evaluateAll((fs) => fs.map((f) => f.getAttribute('aria-label')))).toEqual(weighted.map((l) => `Weights of ${l.name}`))
  for (const [i, l] of weighted.entries()) {
    const h = histograms.nth(i)
    const stats = await h.locator('table').first().evaluate((t) => Object.fromEntries([...t.querySelectorAll('th')].map((th, j) => [th.textContent, t.querySelectorAll('td')[j]?.textContent])))
    expect(stats['Num Vals'], l.name).toBe(l.params)
    expect(stats['# NaNs'], l.name).toMatch(/^0\b/)
    await expect(h.locator('canvas, svg').first()).toBeVisible()
  }

  const cost = await page.evaluate(() => {
    const m = performance.getEntriesByName('inspector open', 'measure')[0]!
    const chunk = performance.getEntriesByType('resource').find((e) => /inspectorVis-/.test(e.name)) as PerformanceResourceTiming | undefined
    return { ms: m.duration, chunk: chunk?.name.replace(/^.*\//, ''), bytes: chunk?.decodedBodySize }
  })
  const { longest } = await watch()
  console.log(`inspector open: ${cost.ms.toFixed(0)} ms from the click to the first render (import of ${cost.chunk}, ${((cost.bytes ?? 0) / 1000).toFixed(1)} kB, weights from the worker, ${weighted.length} histograms); longest main-thread task ${longest.toFixed(0)} ms`)
  expect(cost.chunk).toMatch(/^inspectorVis-/)

  // Settings edited after training: the Model cell now describes another network, so the inspector summarizes the
  // worker's model from its weights — the same weighted layers and counts as before, not the new settings' total.
  await page.getByRole('button', { name: 'Close inspector' }).click()
  const model = page.getByRole('region', { name: 'Model', exact: true })
  await model.getByLabel('Dense units').fill('8, 4')
  await model.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByRole('table', { name: 'Model summary' }).locator('tbody tr').last()).not.toContainText(total)
  await open.click()
  await expect(histograms).toHaveCount(weighted.length, { timeout: 60_000 })
  const again = await inspector.getByLabel('Inspector model summary').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
  expect(again.slice(0, -1).map((r) => [r[0], r[3]]).sort()).toEqual(weighted.map((l) => [l.name, l.params]).sort())
  expect(again.at(-1)![3]).toBe(total)
})
