import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type APIRequestContext, type Download, type Page } from '@playwright/test'
import { readParquet } from '../src/data/parquet'
import { toArrayBuffer } from '../src/data/decode'
import { chartReadout, FAKE, resetFake, servedCandles, trainTiny } from './helpers'

const MIN = 60_000
const H = 60 * MIN
/** 30 s after the 12:00 close on the bundle's last day: the fake exchange serves bars up to here. */
const T0 = Date.UTC(2024, 8, 13, 12, 0, 30)

async function setExchangeClock(request: APIRequestContext, at: number) {
  const r = await request.post(`${FAKE}/__fake/clock`, { data: { set: at } })
  expect((await r.json()).serverTime).toBe(at)
}

/** Trains a tiny model (BTC and ETH, 8-bar windows, 2 batches) whose paper account trades: the volatility target. */
async function trainForLive(page: Page) {
  await trainTiny(page, 'wasm', 1, 2, ['BTCUSDT', 'ETHUSDT'])
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 240_000 })
  await page.getByRole('region', { name: 'Backtest' }).getByRole('combobox', { name: /^Rule/ }).selectOption('volTarget')
}

// Other specs fetch "the last N hours" by the wall clock: the exchange goes back to it after each test here.
test.afterEach(async ({ request }) => {
  await request.post(`${FAKE}/__fake/clock`, { data: { real: true } })
})

test('live mode: forecasts every 15 minutes, scored at each hour close, paper equity, a reload continues, a sleeping tab catches up', async ({ page, request }) => {
  test.setTimeout(480_000)
  await resetFake(request)
  await trainForLive(page)
  await setExchangeClock(request, T0)
  await page.clock.install({ time: T0 })
  const live = page.getByRole('region', { name: 'Live' })
  const rows = live.getByRole('table', { name: 'Live forecasts' }).locator('tbody tr')
  const refreshes = live.getByRole('table', { name: 'Live refreshes' }).locator('tbody tr')
  const scoring = live.getByLabel('Live scoring')
  await live.getByLabel('Live exchange URL').fill(FAKE)
  await live.getByRole('button', { name: 'Start live with this model' }).click()

  // The first refresh forecasts the bar that closed at 12:00 for each coin, and waits for the next 15m close.
  await expect(rows).toHaveCount(2, { timeout: 60_000 })
  await expect(rows.first()).toContainText('2024-09-13T11:00Z')
  await expect(live.getByLabel('Live session')).toContainText('Next refresh at 12:15:05 UTC')
  await expect(scoring).toContainText('0 scored (0 made late), 2 waiting')
  const account = live.getByLabel('Paper account')
  await expect(live.getByRole('table', { name: 'Paper trades' }).locator('tbody tr')).toHaveCount(2) // both coins bought at 12:00

  const stamp = (at: number) => new Date(at).toISOString().slice(0, 19).replace('T', ' ')
  /** Moves the exchange and the page to `at` (page timers that came due fire once) and waits for the refresh there. */
  const advanceTo = async (at: number, refreshed = true) => {
    await setExchangeClock(request, at)
    await page.clock.fastForward(at - (await page.evaluate(() => Date.now())))
    if (refreshed) await expect(refreshes.first()).toContainText(stamp(at), { timeout: 60_000 })
  }
  // Three quarter-hour refreshes in the hour make no new forecast and score nothing …
  for (let k = 1; k <= 3; k++) await advanceTo(T0 + k * 15 * MIN)
  await expect(refreshes).toHaveCount(4)
  await expect(live.getByLabel('Live session')).toContainText('Next refresh at 13:00:05 UTC')
  await expect(scoring).toContainText('0 scored')
  const before = await account.innerText()
  // … the one after 13:00 scores the 11:00 forecasts against the 12:00 bar and forecasts the 12:00 bar.
  await advanceTo(T0 + H)
  await expect(scoring).toContainText('2 scored (0 made late), 2 waiting')
  await expect(rows.first()).toContainText('2024-09-13T12:00Z')
  await expect(live.getByRole('table', { name: 'Live scores' })).toContainText('random walk')
  await expect(account).not.toHaveText(before)
  // the band chart (uPlot) holds the live forecasts: its read-out under the pointer, in USDT
  const band = await chartReadout(page, live.locator('figure.chart', { has: page.getByRole('img', { name: 'BTCUSDT forecast band and realised price' }) }))
  expect(band['median forecast']).toBeGreaterThan(10_000) // BTC, in USDT
  expect(band.q10).toBeLessThanOrEqual(band['median forecast']!)
  expect(band['median forecast']).toBeLessThanOrEqual(band.q90!)

  // A reload continues the same session from IndexedDB: same forecasts and scores, one more refresh.
  await page.reload()
  await expect(refreshes).toHaveCount(6, { timeout: 60_000 })
  await expect(scoring).toContainText('2 scored (0 made late), 2 waiting')
  await expect(rows.first()).toContainText('2024-09-13T12:00Z')

  // The laptop sleeps from 13:00 to 15:50: the late timer catches up — scores the 12:00 forecasts, forecasts the
  // 14:00 bar (made late), and counts the 13:00 bar that got no forecast.
  await advanceTo(T0 + 3 * H + 50 * MIN)
  await expect(scoring).toContainText('4 scored (0 made late), 2 waiting')
  await expect(scoring).toContainText('2 coin-hours missed')
  await expect(rows.first()).toContainText('2024-09-13T14:00Z')
  await expect(rows.first()).toContainText('(late)')
  await expect(refreshes.first()).toContainText('155 min')
  // at 16:00 the late forecasts' hour closes: they were made before it closed, so they are scored, marked late
  await advanceTo(T0 + 4 * H)
  await expect(scoring).toContainText('6 scored (2 made late), 2 waiting')

  // The exchange refuses for a while: the session is kept and the cell says when it tries again.
  await resetFake(request, [{ kind: '418', retryAfter: 1, times: 6 }])
  await advanceTo(T0 + 4 * H + 15 * MIN, false)
  await expect(live.getByLabel('Live retry')).toContainText(/still rate-limited \(HTTP 418\).*try 2 at \d\d:\d\d:\d\d UTC/, { timeout: 60_000 })
  await expect(scoring).toContainText('6 scored')
  await page.clock.fastForward(5 * MIN)
  await expect(refreshes.first()).toContainText(stamp(T0 + 4 * H + 15 * MIN), { timeout: 60_000 })
  await expect(live.getByLabel('Live retry')).toHaveCount(0)

  console.log(`live: the last refreshes took ${(await refreshes.locator('td:nth-child(5)').allInnerTexts()).join(', ')} (newest first)`)

  // The export: every scored forecast was made before its target bar closed, from the bar it names, and is scored
  // against the close of the next bar as the exchange serves it.
  const got: Download[] = []
  page.on('download', (d) => got.push(d))
  await live.getByRole('button', { name: 'Export live Parquet' }).click()
  await expect.poll(() => got.map((d) => d.suggestedFilename()).sort(), { timeout: 30_000 }).toEqual(['live-forecasts.parquet', 'live-trades.parquet'])
  const forecasts = got.find((d) => d.suggestedFilename() === 'live-forecasts.parquet')!
  const trades = got.find((d) => d.suggestedFilename() === 'live-trades.parquet')!
  const t = await readParquet(toArrayBuffer(readFileSync((await forecasts.path())!)), 'live-forecasts.parquet')
  const col = (k: string) => t.columns.get(k) as unknown as ArrayLike<number | bigint | null>
  let scored = 0
  for (let i = 0; i < t.rows; i++) {
    const symbol = String((t.columns.get('symbol') as string[])[i])
    const open = Number(col('open_time')[i]), made = Number(col('made_at')[i]), next = col('next_close')[i]
    const served = await servedCandles(`${symbol} 1h`, open, open + H)
    expect(Number(col('close')[i])).toBe(served.close[0])
    if (next === null) continue
    scored++
    expect(made).toBeLessThan(open + 2 * H)
    expect(Number(next)).toBe(served.close[1])
  }
  expect(scored).toBe(6)
  expect(t.rows).toBe(8)
  const fills = await readParquet(toArrayBuffer(readFileSync((await trades.path())!)), 'live-trades.parquet')
  expect([...fills.columns.keys()]).toEqual(['symbol', 'open_time', 'side', 'position_before', 'position_after', 'price', 'fee'])
  expect(fills.rows).toBeGreaterThanOrEqual(2)
})

test('npm run live -- --once: the downloaded model, the fake exchange at its clock, one forecast per coin as the page makes it', async ({ page, request }) => {
  test.setTimeout(480_000)
  await resetFake(request)
  await trainForLive(page)
  const dir = mkdtempSync(join(tmpdir(), 'live-model-'))
  const got: Download[] = []
  page.on('download', (d) => got.push(d))
  await page.getByRole('button', { name: 'Download model' }).click()
  await expect.poll(() => got.length, { timeout: 30_000 }).toBe(3)
  for (const d of got) await d.saveAs(join(dir, d.suggestedFilename()))

  await setExchangeClock(request, T0)
  const r = spawnSync('npx', ['tsx', 'scripts/live.ts', '--no-build', '--model', dir, '--base-url', FAKE, '--once'], { encoding: 'utf8', timeout: 300_000 })
  console.log(r.stderr)
  expect(r.status).toBe(0)
  const out = JSON.parse(r.stdout) as { exchangeTime: number; forecasts: { symbol: string; barOpenTime: number; close: number; q10: number; q50: number; q90: number; position: number }[] }
  expect(Object.keys(out)).toEqual(['exchangeTime', 'forecasts'])
  expect(out.exchangeTime).toBe(T0)
  expect(out.forecasts.map((f) => f.symbol)).toEqual(['BTCUSDT', 'ETHUSDT'])
  for (const f of out.forecasts) {
    expect(Object.keys(f)).toEqual(['symbol', 'barOpenTime', 'close', 'q10', 'q50', 'q90', 'position'])
    expect(f.barOpenTime).toBe(T0 - 30_000 - H) // the last closed 1h bar: 11:00, closed at 12:00
    expect(f.close).toBe((await servedCandles(`${f.symbol} 1h`, f.barOpenTime, f.barOpenTime)).close[0])
    expect(f.q10).toBeLessThan(f.q50)
    expect(f.q50).toBeLessThan(f.q90)
    expect(Math.abs(f.q90 - f.q10)).toBeLessThan(0.2) // log returns, not prices
    expect(Number.isFinite(f.position)).toBe(true)
  }

  // The page, started on the same model at the same exchange time, makes the same forecasts.
  const live = page.getByRole('region', { name: 'Live' })
  await live.getByLabel('Live exchange URL').fill(FAKE)
  await live.getByRole('button', { name: 'Start live with this model' }).click()
  await expect(live.getByRole('table', { name: 'Live forecasts' }).locator('tbody tr')).toHaveCount(2, { timeout: 60_000 })
  const [latest] = await Promise.all([page.waitForEvent('download'), live.getByRole('button', { name: 'Download latest JSON' }).click()])
  const mine = JSON.parse(readFileSync((await latest.path())!, 'utf8')) as typeof out
  mine.forecasts.forEach((f, i) => {
    const cli = out.forecasts[i]!
    expect(f.barOpenTime).toBe(cli.barOpenTime)
    for (const k of ['q10', 'q50', 'q90', 'position'] as const) expect(f[k]).toBeCloseTo(cli[k], 6)
  })

  const bad = spawnSync('npx', ['tsx', 'scripts/live.ts', '--no-build', '--model', join(dir, 'nothing-here')], { encoding: 'utf8', timeout: 60_000 })
  expect(bad.status).toBe(2)
  expect(bad.stderr).toContain('lacks model.json, weights.bin, run.json')
})
