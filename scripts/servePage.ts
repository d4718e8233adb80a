/**
 * Builds a page that is not part of the site (the bench page, the e2e lstm-check fixture) with the site's own
 * Vite config, into its own folder, and serves it as `vite preview` serves dist/: the same cross-origin
 * isolation headers, so the fused LSTM's helper thread can start. The page's folder is the build's root, so
 * its index.html lands at the top of `outDir` and relative asset paths (`data/…`) resolve as on the site.
 */
import { resolve } from 'node:path'
import { build, preview } from 'vite'

export interface ServedPage {
  /** The page's address, ending in '/'. */
  url: string
  close(): Promise<void>
}

/**
 * `pageDir` holds an index.html; `outDir` is emptied first. With `withPublic` the site's public/ (the bundled
 * candles, 10.7 MB) is copied in too, for pages that load data. Port 0: the system picks a free one.
 */
export async function servePage(pageDir: string, outDir: string, withPublic = false): Promise<ServedPage> {
  const common = { configFile: resolve('vite.config.ts'), root: resolve(pageDir), logLevel: 'warn' as const }
  await build({
    ...common,
    publicDir: withPublic ? resolve('public') : false,
    build: { outDir: resolve(outDir), emptyOutDir: true },
  })
  const server = await preview({ ...common, build: { outDir: resolve(outDir) }, preview: { port: 0, host: '127.0.0.1' } })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error(`servePage: vite preview of ${pageDir} did not start`)
  return { url, close: () => new Promise<void>((done) => server.httpServer.close(() => done())) }
}
