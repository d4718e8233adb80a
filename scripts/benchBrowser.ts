/**
 * Builds and serves the bench page (bench/page, not part of the site) and runs one of its tasks in headless
 * Chromium, as the studio runs in a browser. `options` reaches the task as `window.runBench`'s third argument;
 * the page's `bench:` console lines show progress.
 */
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium'
import { servePage } from './servePage'

export async function runInBrowser<T>(task: string, repeats: number, extraArgs: string[] = [], options: object = {}): Promise<T> {
  // The features task reads the bundled candles, so the page is built with public/.
  const server = await servePage('bench/page', 'dist-bench', true)
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...extraArgs] })
  try {
    const page = await browser.newPage()
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`))
    page.on('console', (m) => {
      if (m.text().startsWith('bench:')) console.error(m.text())
    })
    await page.goto(server.url)
    await page.waitForSelector('body[data-ready=yes]')
    return (await page.evaluate(([t, r, o]) => window.runBench(t, r, o), [task, repeats, options] as const)) as T
  } finally {
    await browser.close()
    await server.close()
  }
}
