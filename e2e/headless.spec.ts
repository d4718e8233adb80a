import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { DEFAULT_CONFIG } from '../src/config/runConfig'
import { toArrayBuffer } from '../src/data/decode'
import { expectRecomputable, readPredictions } from './recompute'
import { finalEquities } from './recomputeBacktest'

// `npm test` has just built the site; the script's own build step is what `npm run headless` adds on top.
const headless = (...args: string[]) => spawnSync('npx', ['tsx', 'scripts/headless.ts', '--no-build', ...args], { encoding: 'utf8', timeout: 300_000 })

test('npm run headless: a config file and a candle file in; metrics.json, predictions.parquet, backtest.json and the model out, metrics and final equity recomputable', async () => {
  test.setTimeout(300_000)
  const dir = mkdtempSync(join(tmpdir(), 'headless-'))
  const config = structuredClone(DEFAULT_CONFIG)
  config.train = { ...config.train, epochs: 2, maxBatchesPerEpoch: 5 }
  config.backend = 'wasm'
  // a rule that takes a position whenever the median is not 0, so two training epochs still trade
  config.backtest = { ...config.backtest, maxWidth: 1, threshold: 0, shorts: true }
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config))
  const out = join(dir, 'out')
  const r = headless('--config', join(dir, 'config.json'), '--data', 'public/data/LINKUSDT.parquet', '--out', out)
  console.log(r.stdout, r.stderr)
  expect(r.status).toBe(0)
  expect(r.stdout).toContain('headless: Data done')
  expect(readdirSync(out).sort()).toEqual(['backtest.json', 'metrics.json', 'model.json', 'predictions.parquet', 'run.json', 'weights.bin'])

  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'))
  expect(metrics).toMatchObject({ split: 'test', perCoin: { LINKUSDT: expect.any(Object) } })
  for (const m of [metrics.model, metrics.baselines.randomWalk, metrics.baselines.historical, metrics.baselines.ewma, metrics.perCoin.LINKUSDT]) {
    for (const k of ['mae', 'rmse', 'mape', 'directionAccuracy', 'coverage', 'width', 'winkler']) expect(Number.isFinite(m[k])).toBe(true)
    for (const k of ['q10', 'q50', 'q90', 'mean']) expect(Number.isFinite(m.pinball[k])).toBe(true)
  }
  // The EWMA baseline and the skill per quantile against each baseline: 1 − model / baseline
  expect([0.9, 0.92, 0.94, 0.96, 0.98]).toContain(metrics.ewmaLambda)
  for (const b of ['randomWalk', 'historical', 'ewma']) {
    for (const q of ['q10', 'q50', 'q90', 'mean']) expect(metrics.skill[b][q]).toBeCloseTo(1 - metrics.model.pinball[q] / metrics.baselines[b].pinball[q], 12)
  }
  expect(metrics.perCoinSkill.LINKUSDT.ewma.mean).toBeCloseTo(metrics.skill.ewma.mean, 12) // one coin: per coin is pooled
  const p = await readPredictions(toArrayBuffer(readFileSync(join(out, 'predictions.parquet'))))
  expect(new Set(p.symbol)).toEqual(new Set(['LINKUSDT']))
  expect(metrics.samples).toBe(p.close.length)
  expectRecomputable(metrics.model, p)

  // backtest.json in the documented shape, and each coin's final equity from the predictions file by other code
  const bt = JSON.parse(readFileSync(join(out, 'backtest.json'), 'utf8'))
  expect(bt).toMatchObject({ split: 'test', rule: 'gated', params: { maxWidth: 1, threshold: 0, shorts: true, fee: 0.001, slippage: 0 } })
  expect(bt.perCoin.LINKUSDT.exposure).toBeGreaterThan(0.5)
  const keys = ['finalEquity', 'totalReturn', 'cagr', 'annualVolatility', 'sharpe', 'sortino', 'calmar', 'maxDrawdown', 'maxDrawdownDuration', 'exposure', 'trades', 'winRate', 'profitFactor', 'expectancy', 'feesPaid', 'turnover']
  for (const b of [bt.portfolio, bt.perCoin.LINKUSDT, bt.buyAndHold.portfolio, bt.buyAndHold.perCoin.LINKUSDT, bt.baselines.randomWalk.portfolio, bt.baselines.historical.portfolio, bt.baselines.ewma.portfolio]) {
    for (const k of keys) expect(b).toHaveProperty(k)
  }
  const again = finalEquities(p, bt.params)
  expect(Object.keys(bt.perCoin)).toEqual(Object.keys(again))
  for (const [symbol, e] of Object.entries(again)) expect(Math.abs(bt.perCoin[symbol].finalEquity - e)).toBeLessThan(1e-9)
  expect(Math.abs(bt.portfolio.finalEquity - again.LINKUSDT!)).toBeLessThan(1e-9)
  // buy-and-hold is the same accounting at p = 1
  const hold = finalEquities({ ...p, q10: p.q10.map(() => 0), q90: p.q90.map(() => 0), q50: p.q50.map(() => 1) }, { ...bt.params, maxWidth: 1 })
  expect(Math.abs(bt.buyAndHold.perCoin.LINKUSDT.finalEquity - hold.LINKUSDT!)).toBeLessThan(1e-9)
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))
  expect(run).toMatchObject({ format: 'crypto-studio-run', params: 48_179, config: { data: { source: 'file' }, train: { epochs: 2 } }, data: { source: 'file', origin: 'LINKUSDT.parquet' }, training: { backend: 'wasm', epochs: 2 } })
})

test('npm run headless with a bad configuration or argument fails with the reason and a non-zero status', () => {
  const dir = mkdtempSync(join(tmpdir(), 'headless-'))
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...DEFAULT_CONFIG, train: { ...DEFAULT_CONFIG.train, epochs: 0 } }))
  const bad = headless('--config', join(dir, 'bad.json'), '--out', join(dir, 'out'))
  expect(bad.status).toBe(2)
  expect(bad.stderr).toContain('is not a valid configuration — train.epochs:')
  const unknown = headless('--frobnicate')
  expect(unknown.status).toBe(2)
  expect(unknown.stderr).toContain('headless: unknown argument --frobnicate')
})

test('npm run headless reports the failing cell and exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'headless-'))
  writeFileSync(join(dir, 'short.csv'), 'open_time,open,high,low,close,volume\n0,1,1,1,1,1\n3600000,1,1,1,1,1\n')
  const r = headless('--data', join(dir, 'short.csv'), '--out', join(dir, 'out'))
  expect(r.status).toBe(1)
  expect(r.stderr).toMatch(/headless: the Data cell failed: /)
})
