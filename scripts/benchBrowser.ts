/**
 * Serves the built site and runs a task of bench.html in headless Chromium, as the studio runs in a browser.
 * `options` reaches the task as `window.runBench`'s third argument; the page's `bench:` console lines show progress.
 */
import { chromium } from '@playwright/test'
import { build, preview } from 'vite'
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium'

export async function runInBrowser<T>(task: string, repeats: number, extraArgs: string[] = [], options: object = {}): Promise<T> {
  await build({ logLevel: 'warn' })
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('bench: vite preview did not start')
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...extraArgs] })
  try {
    const page = await browser.newPage()
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`))
    page.on('console', (m) => {
      if (m.text().startsWith('bench:')) console.error(m.text())
    })
    await page.goto(new URL('bench.html', url).href)
    await page.waitForSelector('body[data-ready=yes]')
    return (await page.evaluate(([t, r, o]) => window.runBench(t, r, o), [task, repeats, options] as const)) as T
  } finally {
    await browser.close()
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  }
}
