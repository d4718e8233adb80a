/** Serves the built site and runs a task of bench.html in headless Chromium, as the studio runs in a browser. */
import { chromium } from '@playwright/test'
import { build, preview } from 'vite'
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium'

export async function runInBrowser<T>(task: string, repeats: number, extraArgs: string[] = []): Promise<T> {
  await build({ logLevel: 'warn' })
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('bench: vite preview did not start')
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...extraArgs] })
  try {
    const page = await browser.newPage()
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`))
    await page.goto(new URL('bench.html', url).href)
    await page.waitForSelector('body[data-ready=yes]')
    return (await page.evaluate(([t, r]) => window.runBench(t, r), [task, repeats] as const)) as T
  } finally {
    await browser.close()
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  }
}
