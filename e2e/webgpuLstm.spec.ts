import type { LstmCheckResult } from './fixtures/lstm-check/types'
import { expect, test } from './lstmCheck'

/**
 * The WGSL FusedLstm / FusedLstmGrad kernels against tf.layers.lstm on a real WebGPU device: SwiftShader
 * here, so only correctness is measured, never speed. Runs the lstm-check fixture page, which
 * compares outputs and all four gradients per layer case and two training steps of the seed network.
 */
test('FusedLSTM on WebGPU equals the stock LSTM: outputs, every gradient, two training steps', async ({ page, lstmCheckUrl }) => {
  test.setTimeout(300_000)
  // A shader that fails to compile or validate is reported only on the console, with zeros as its output.
  const gpuErrors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') gpuErrors.push(m.text())
  })
  await page.goto(lstmCheckUrl)
  await page.waitForSelector('body[data-ready=yes]')
  const result: LstmCheckResult = await page.evaluate(
    () => window.runLstmCheck({ backend: 'webgpu', batch: 4, time: 12, features: 13, steps: 2 }),
  )
  console.log(`webgpu lstm-check: ${JSON.stringify(result)}`)
  // The page has no favicon; anything else (a WebGPU validation error above all) fails the test.
  expect(gpuErrors.filter((m) => !m.includes('404 (Not Found)'))).toEqual([])
  expect(result.backend).toBe('webgpu')
  // Five layer cases, each with the recurrence's workgroup-memory path at 1, 2 and 3 slices of batch rows and its
  // storage path at 1 and 3 (batches of 4 and 20 rows: slices of 4; 2 + 2; 2 + 2 (3 asked, 2 rows each); 7 + 7 + 6 rows).
  expect(result.cases).toHaveLength(25)
  expect(result.cases.map((c) => c.name.split(', ').slice(1).join(', ')).slice(0, 5)).toEqual(['1 slice', '2 slices', '3 slices', '1 slice (h via storage)', '3 slices (h via storage)'])
  for (const c of result.cases) {
    expect(Object.keys(c.errors)).toEqual(['y', 'dx', 'dKernel', 'dRecurrentKernel', 'dBias'])
    for (const [name, e] of Object.entries(c.errors)) expect(e, `${c.name}: ${name}`).toBeLessThan(1e-4)
  }
  expect(result.fusedLosses).toHaveLength(2)
  // A stale or NaN loss would pass a relative comparison against itself only if the stock one were identical.
  for (const l of [...result.stockLosses, ...result.fusedLosses]) expect(Number.isFinite(l)).toBe(true)
  expect(result.fusedLosses[1]).not.toBe(result.fusedLosses[0])
  expect(result.lossRelDiff).toBeLessThan(1e-4)
  // Whole-sequence kernels: far fewer than the stock layer's per-timestep graph.
  expect(result.fusedKernelsPerStep).toBeLessThan(result.stockKernelsPerStep / 5)
  // FusedAdam's WGSL step against tf.train.adam's ops over three steps: values and both moments.
  expect(result.adamKernel).toBe(true)
  expect(result.adamRelDiff).toBeLessThan(1e-6)
  expect(result.leakedTensors).toBe(0)
})
