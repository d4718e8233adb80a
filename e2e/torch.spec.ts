import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Download, type Page } from '@playwright/test'
import { toArrayBuffer } from '../src/data/decode'
import { readParquet } from '../src/data/parquet'
import { hasTorchPython, python, PYTHON } from '../src/export/testing'
import { readZip } from '../src/export/zip'
import { openOnLink, trainTiny } from './helpers'
import { readPredictions } from './recompute'

async function download(page: Page, click: () => Promise<void>): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), click()])
  return d
}

test.skip(!hasTorchPython(), `the PyTorch round trip needs ${PYTHON} with torch, pandas, pyarrow and safetensors`)

test('Export for PyTorch → train.py one epoch → Load model files with the .safetensors: the studio forecasts what model.py forecasts', async ({ page }) => {
  test.setTimeout(600_000)
  await trainTiny(page, 'wasm', 1, 2)
  await expect(page.getByRole('status', { name: 'Train status' })).toContainText('done', { timeout: 300_000 })

  const exp = page.getByRole('region', { name: 'Export' })
  const zip = await download(page, () => exp.getByRole('button', { name: 'Export for PyTorch' }).click())
  expect(zip.suggestedFilename()).toBe('pytorch-link-quantiles.zip')
  const files = readZip(readFileSync((await zip.path())!), zip.suggestedFilename())
  expect([...files.keys()].sort()).toEqual(['README.md', 'colab.ipynb', 'data.py', 'features.parquet', 'init.py', 'model.json', 'model.py', 'predict.py', 'run.json', 'samples.parquet', 'train.py', 'weights.safetensors'])
  const dir = mkdtempSync(join(tmpdir(), 'torch-e2e-'))
  for (const [name, data] of files) writeFileSync(join(dir, name), data)

  const trained = python(['train.py', '--epochs', '1', '--max-batches', '2', '--cpu'], dir)
  expect(trained.stdout).toMatch(/epoch 1\/1: loss [\d.]+, validation [\d.]+/)
  python(['predict.py', '--weights', 'trained.safetensors', '--split', 'test', '--out', 'torch-test.parquet'], dir)
  const t = await readParquet(toArrayBuffer(readFileSync(join(dir, 'torch-test.parquet'))), 'torch-test.parquet')
  const col = (n: string) => Array.from(t.columns.get(n) as ArrayLike<unknown>)
  const fromTorch = new Map(col('open_time').map((ot, i) => [Number(ot), { q: ['q10', 'q50', 'q90'].map((q) => col(q)[i] as number), scale: col('scale')[i] as number }]))

  await page.reload()
  await openOnLink(page) // the coin it trained on (the preset's coins were not loaded), as the run was made
  const picked = ['model.json', 'run.json', 'trained.safetensors'].map((name) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(join(dir, name)) }))
  await page.getByLabel('Load model files').setInputFiles(picked)
  await expect(page.getByLabel('Training notes')).toContainText('Model loaded from files', { timeout: 120_000 })
  await expect(exp).toContainText(/Weights from trained\.safetensors \(PyTorch: best epoch 1, validation loss [\d.]+\)\./)

  const evaluate = page.getByRole('region', { name: 'Evaluate' })
  await evaluate.getByRole('button', { name: 'Evaluate', exact: true }).click()
  await expect(page.getByRole('status', { name: 'Evaluate status' })).toContainText('done', { timeout: 120_000 })
  const preds = await download(page, () => exp.getByRole('button', { name: 'Export predictions' }).click())
  const studio = await readPredictions(toArrayBuffer(readFileSync((await preds.path())!)))
  expect(new Set(studio.symbol)).toEqual(new Set(['LINKUSDT']))
  expect(studio.openTime.length).toBe(fromTorch.size)
  // In the model's own units (forecasts divided by their scale), studio and PyTorch agree to 1e-4.
  let worst = 0
  studio.openTime.forEach((ot, i) => {
    const p = fromTorch.get(ot)!
    ;[studio.q10[i]!, studio.q50[i]!, studio.q90[i]!].forEach((v, j) => (worst = Math.max(worst, Math.abs(v - p.q[j]!) / p.scale)))
  })
  console.log(`torch round trip: ${studio.openTime.length} test forecasts, largest difference ${worst.toExponential(2)} in the model's units`)
  expect(worst).toBeLessThan(1e-4)
})
