import { readFileSync } from 'node:fs'
import { expect, type APIRequestContext, type Download, type Locator, type Page } from '@playwright/test'
import { sliceCandles } from '../src/data/candles'
import type { Candles, Series } from '../src/data/types'
import { loadCandles, type Fault, type LoggedRequest } from './fake-binance/server'
import { decodeCandleFile, toArrayBuffer } from '../src/data/decode'
import { readPredictions } from './recompute'

export const FAKE = `http://127.0.0.1:${process.env.E2E_FAKE_PORT ?? 9876}`

/** Opens the studio and waits for the bundled data, the state every user starts from; then shows the series table. */
export async function openStudio(page: Page): Promise<void> {
  await page.goto('./')
  await expect(page.getByText(/^44 series from the bundled dataset/)).toBeVisible({ timeout: 30_000 })
  await unfold(page, 'Loaded series')
}

/** Opens a folded output by its label (a table of more than 12 rows starts folded to its summary line). */
export async function unfold(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${label}: `), expanded: false }).click()
}

export async function resetFake(request: APIRequestContext, faults: Fault[] = []): Promise<void> {
  await request.post(`${FAKE}/__fake/reset`)
  if (faults.length) await request.post(`${FAKE}/__fake/faults`, { data: faults })
}

export async function fakeRequests(request: APIRequestContext): Promise<LoggedRequest[]> {
  return (await (await request.get(`${FAKE}/__fake/requests`)).json()) as LoggedRequest[]
}

export async function downloadedSeries(download: Download): Promise<Series[]> {
  const bytes = readFileSync((await download.path())!)
  return (await decodeCandleFile(toArrayBuffer(bytes), download.suggestedFilename(), {}, 'file')).series
}

let served: Map<string, Candles> | undefined
/** What the fake exchange serves for a series over [start, end] open times. */
export async function servedCandles(key: string, start = -Infinity, end = Infinity): Promise<Candles> {
  served ??= await loadCandles()
  return sliceCandles(served.get(key)!, start, end)
}

/** Typed arrays compared as plain arrays: subarray views and copies of the same numbers are equal. */
export function plain(c: Candles): Record<string, number[]> {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Array.from(v as Float64Array)]))
}

export const rowsOfTable = (page: Page) => page.getByRole('table', { name: 'Loaded series' }).locator('tbody tr')

/**
 * Starts counting the page's animation frames and long tasks. Under load a frame can take any time, so tests
 * assert counts (a frozen page draws no frames while a worker works) and print the longest task, never a threshold.
 */
export async function watchMainThread(page: Page): Promise<() => Promise<{ frames: number; longest: number }>> {
  await page.evaluate(() => {
    const w = window as unknown as { watch: { frames: number; longest: number } }
    w.watch = { frames: 0, longest: 0 }
    const tick = () => {
      w.watch.frames++
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.watch.longest = Math.max(w.watch.longest, e.duration)))).observe({ type: 'longtask' })
  })
  return () => page.evaluate(() => (window as unknown as { watch: { frames: number; longest: number } }).watch)
}

/** Clicks and collects the downloads that one click starts. */
export async function downloadsOf(page: Page, click: () => Promise<void>, count: number): Promise<Download[]> {
  const got: Download[] = []
  const on = (d: Download) => got.push(d)
  page.on('download', on)
  await click()
  await expect.poll(() => got.length, { timeout: 30_000 }).toBe(count)
  page.off('download', on)
  return got
}

/** Runs Evaluate (training first if needed) and reads the predictions Export writes. */
export async function evaluateAndExport(page: Page) {
  const evaluate = page.getByRole('region', { name: 'Evaluate' })
  await evaluate.getByRole('button', { name: 'Evaluate', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Evaluate status' })).toContainText('done', { timeout: 300_000 })
  const [d] = await downloadsOf(page, () => page.getByRole('button', { name: 'Export predictions' }).click(), 1)
  expect(d!.suggestedFilename()).toBe('predictions-test.parquet')
  return readPredictions(toArrayBuffer(readFileSync((await d!.path())!)))
}

/** The studio on `pairs` alone (LINK by default) with 8-bar windows: real data that trains in seconds. */
export async function openOnLink(page: Page, pairs = ['LINKUSDT']): Promise<void> {
  await openStudio(page)
  await onLink(page, pairs)
}

/** On an open studio: `pairs` alone (LINK by default) loaded from the bundle, with 8-bar windows. */
async function onLink(page: Page, pairs = ['LINKUSDT']): Promise<void> {
  await page.getByLabel('Pairs').fill(pairs.join(', '))
  await page.getByRole('button', { name: 'Load bundled data' }).click()
  await expect(page.getByText(new RegExp(`^${2 * pairs.length} series from the bundled dataset`))).toBeVisible()
  await page.getByLabel('Window (bars)').fill('8')
}

/** Sets the Train cell to a few short epochs on `backend`. */
export async function shortTraining(page: Page, backend: 'wasm' | 'webgpu', epochs: number, batches: number): Promise<void> {
  const train = page.getByRole('region', { name: 'Train' })
  await train.getByRole('combobox', { name: /^Backend/ }).selectOption(backend)
  await train.getByLabel('Epochs', { exact: true }).fill(String(epochs))
  await train.getByLabel('Batches per epoch (0 = all)').fill(String(batches))
}

/** On an open studio: LINK alone, 8-bar windows, `backend` forced, a few short epochs — a training run of seconds. */
export async function tinySettings(page: Page, backend: 'wasm' | 'webgpu', epochCount: number, batches: number): Promise<void> {
  await onLink(page)
  await shortTraining(page, backend, epochCount, batches)
}

/** Opens the studio on `pairs` alone (LINK by default) and clicks Train on `backend` for a few short epochs. */
export async function trainTiny(page: Page, backend: 'wasm' | 'webgpu', epochCount: number, batches: number, pairs = ['LINKUSDT']): Promise<void> {
  await openOnLink(page, pairs)
  await shortTraining(page, backend, epochCount, batches)
  await page.getByRole('region', { name: 'Train' }).getByRole('button', { name: 'Train', exact: true }).click()
}

/**
 * What a uPlot chart's legend reads out with the pointer over the middle of its plot: each series' label and the
 * value under the pointer, as numbers ('—' or '--' where there is none: NaN).
 */
export async function chartReadout(page: Page, chart: Locator): Promise<Record<string, number>> {
  const over = chart.locator('.u-over')
  await over.scrollIntoViewIfNeeded()
  const b = (await over.boundingBox())!
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
  const rows = await chart.locator('.u-legend tr.u-series').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('.u-label')?.textContent ?? '', tr.querySelector('.u-value')?.textContent ?? '']))
  return Object.fromEntries(rows.slice(1).map(([k, v]) => [k, Number(v!.replace(/,/g, ''))]))
}
