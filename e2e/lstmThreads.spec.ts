import type { LstmCheckResult } from './fixtures/lstm-check/types'
import { expect, test } from './lstmCheck'

/**
 * The fused LSTM's helper threads on the real cpu and wasm backends in Chromium: the page is
 * cross-origin isolated, so the wasm kernels share their arena with a worker per further core that
 * runs lanes of each batch. Every layer case (batches of 50 on the default 8 lanes: lanes of 16 + 16 + 18
 * rows; and of 20, one lane) must match the stock layer to 1e-4, and every thread must give one
 * thread's numbers bit for bit, in every output, gradient and training loss. (1, 2 and 4 threads on
 * 8 lanes: src/kernels/lstm/threads/lstmThreads.test.ts, whatever the cores.)
 */
for (const backend of ['wasm', 'cpu'] as const) {
  test(`FusedLSTM on ${backend} with its helper threads equals one thread bit for bit, and the stock LSTM`, async ({ page, lstmCheckUrl }) => {
    test.setTimeout(120_000)
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
    })
    await page.goto(lstmCheckUrl)
    await page.waitForSelector('body[data-ready=yes]')
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    const result: LstmCheckResult = await page.evaluate(
      (b) => window.runLstmCheck({ backend: b, batch: 50, time: 12, features: 13, steps: 2 }), backend,
    )
    console.log(`${backend} lstm-check: ${JSON.stringify(result)}`)
    expect(problems.filter((m) => !m.includes('404 (Not Found)'))).toEqual([])
    expect(result.lstmThreads).toBeGreaterThanOrEqual(2)
    // Five layer cases, each on every thread and on one.
    expect(result.cases.map((c) => c.name.split(', ')[1])).toEqual(Array.from({ length: 5 }, () => [`${result.lstmThreads} threads`, '1 thread']).flat())
    for (const c of result.cases) {
      for (const [name, e] of Object.entries(c.errors)) expect(e, `${c.name}: ${name}`).toBeLessThan(1e-4)
    }
    expect(result.threadsIdentical).toBe(true)
    // The helpers really ran: a forward and a backward job per case on more threads (5), and more in the training steps.
    expect(result.helperJobs).toBeGreaterThanOrEqual(10)
    for (const l of [...result.stockLosses, ...result.fusedLosses]) expect(Number.isFinite(l)).toBe(true)
    expect(result.lossRelDiff).toBeLessThan(1e-4)
    expect(result.adamKernel).toBe(true)
    expect(result.adamRelDiff).toBe(0) // bit for bit: adamUpdate rounds every step as tfjs's ops do
    expect(result.leakedTensors).toBe(0)
  })
}
