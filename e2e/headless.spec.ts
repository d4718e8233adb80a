import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { DEFAULT_CONFIG } from '../src/config/runConfig'
import { toArrayBuffer } from '../src/data/decode'
import { expectRecomputable, readPredictions } from './recompute'

// `npm test` has just built the site; the script's own build step is what `npm run headless` adds on top.
const headless = (...args: string[]) => spawnSync('npx', ['tsx', 'scripts/headless.ts', '--no-build', ...args], { encoding: 'utf8', timeout: 300_000 })

test('npm run headless: a config file and a candle file in; metrics.json, predictions.parquet and the model out, metrics recomputable', async () => {
  test.setTimeout(300_000)
  const dir = mkdtempSync(join(tmpdir(), 'headless-'))
  const config = structuredClone(DEFAULT_CONFIG)
  config.train = { ...config.train, epochs: 2, maxBatchesPerEpoch: 5 }
  config.backend = 'wasm'
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config))
  const out = join(dir, 'out')
  const r = headless('--config', join(dir, 'config.json'), '--data', 'public/data/LINKUSDT.parquet', '--out', out)
  console.log(r.stdout, r.stderr)
  expect(r.status).toBe(0)
  expect(r.stdout).toContain('headless: Data done')
  expect(readdirSync(out).sort()).toEqual(['metrics.json', 'model.json', 'predictions.parquet', 'run.json', 'weights.bin'])

  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'))
  expect(metrics).toMatchObject({ split: 'test', perCoin: { LINKUSDT: expect.any(Object) } })
  for (const m of [metrics.model, metrics.baselines.randomWalk, metrics.baselines.historical, metrics.perCoin.LINKUSDT]) {
    for (const k of ['mae', 'rmse', 'mape', 'directionAccuracy', 'coverage', 'width', 'winkler']) expect(Number.isFinite(m[k])).toBe(true)
    for (const k of ['q10', 'q50', 'q90', 'mean']) expect(Number.isFinite(m.pinball[k])).toBe(true)
  }
  const p = await readPredictions(toArrayBuffer(readFileSync(join(out, 'predictions.parquet'))))
  expect(new Set(p.symbol)).toEqual(new Set(['LINKUSDT']))
  expect(metrics.samples).toBe(p.close.length)
  expectRecomputable(metrics.model, p)
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))
  expect(run).toMatchObject({ format: 'crypto-studio-run', params: 46_771, config: { data: { source: 'file' }, train: { epochs: 2 } }, data: { source: 'file', origin: 'LINKUSDT.parquet' }, training: { backend: 'wasm', epochs: 2 } })
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
