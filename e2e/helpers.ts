import { readFileSync } from 'node:fs'
import { expect, type APIRequestContext, type Download, type Locator, type Page } from '@playwright/test'
import { sliceCandles } from '../src/data/candles'
import type { Candles, Series } from '../src/data/types'
import { loadCandles, type Fault, type LoggedRequest } from './fake-binance/server'
import { decodeCandleFile, toArrayBuffer } from '../src/data/decode'

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

/** On an open studio: LINK alone, 8-bar windows, `backend` forced, a few short epochs — a training run of seconds. */
export async function tinySettings(page: Page, backend: 'wasm' | 'webgpu', epochCount: number, batches: number) {
  await page.getByLabel('Pairs').fill('LINKUSDT')
  await page.getByRole('button', { name: 'Load bundled data' }).click()
  await expect(page.getByText(/^2 series from the bundled dataset/)).toBeVisible()
  await page.getByLabel('Window (bars)').fill('8')
  const train = page.getByRole('region', { name: 'Train' })
  await train.getByRole('combobox', { name: /^Backend/ }).selectOption(backend)
  await train.getByLabel('Epochs', { exact: true }).fill(String(epochCount))
  await train.getByLabel('Batches per epoch (0 = all)').fill(String(batches))
}

/** Opens the studio with the tiny settings and clicks Train. */
export async function trainTiny(page: Page, backend: 'wasm' | 'webgpu', epochCount: number, batches: number) {
  await openStudio(page)
  await tinySettings(page, backend, epochCount, batches)
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
