import { chromium, type Page } from '@playwright/test'
import { build, preview } from 'vite'
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium'

/**
 * Builds the studio (unless told not to), serves dist/ as `vite preview` does and opens it in headless Chromium,
 * with downloads accepted: what the headless scripts drive. `log` receives progress lines.
 */
export async function openStudioPage(opts: { build: boolean; log(line: string): void }): Promise<{ page: Page; url: string; close(): Promise<void> }> {
  if (opts.build) {
    opts.log('building the studio')
    await build({ logLevel: 'warn' })
  }
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('headless: vite preview did not start')
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage()
  page.on('pageerror', (e) => opts.log(`page error: ${e.message}`))
  return {
    page,
    url,
    close: async () => {
      await browser.close()
      await new Promise<void>((r) => server.httpServer.close(() => r()))
    },
  }
}
