import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'

/**
 * The built site (dist/, from `vite build` before the browser tests) as a page load sees it: TensorFlow.js lives
 * in the training worker and loads when Train runs, never with the page. Reads files only; no browser.
 */
const DIST = resolve('dist')

/** Strings tfjs-core's environment flags leave in any build of it (property names and flag keys survive minifying). */
const TFJS_MARKERS = ['registerFlag(', 'IS_BROWSER', 'WEBGL_VERSION']

/** The model inspector's chunk (src/ui/inspectorVis.ts): tfjs-vis and the TensorFlow.js it carries, loaded when the inspector opens. */
const INSPECTOR = /[\\/]inspectorVis-[\w-]+\.js$/

/** Chunks a module loads with it: static imports and re-exports, and dynamic import() — not workers, which are URLs. */
function importedChunks(file: string): { file: string; dynamic: boolean }[] {
  const code = readFileSync(file, 'utf8')
  const specs = [...code.matchAll(/\b(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["'`](\.{1,2}\/[^"'`]+\.js)["'`]|\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g)]
  return specs.map((m) => ({ file: resolve(dirname(file), m[1] ?? m[2]!), dynamic: m[2] !== undefined }))
}

/**
 * The page's entry chunks (module scripts and modulepreloads of index.html) and everything they import; the
 * inspector's chunk is listed apart (what it imports is followed like the rest), with how the page reaches it.
 */
function pageChunks(): { chunks: string[]; inspector: { file: string; from: string; dynamic: boolean }[] } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8')
  const entries = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => resolve(DIST, m[1]!))
  const seen = new Set<string>()
  const inspector: { file: string; from: string; dynamic: boolean }[] = []
  const visit = (f: string) => {
    if (seen.has(f)) return
    seen.add(f)
    for (const i of importedChunks(f)) {
      if (INSPECTOR.test(i.file)) inspector.push({ ...i, from: f })
      visit(i.file)
    }
  }
  entries.forEach(visit)
  return { chunks: [...seen].filter((f) => !INSPECTOR.test(f)), inspector }
}

test.describe('the built site', () => {
  test.beforeAll(() => {
    expect(existsSync(join(DIST, 'index.html')), 'dist/ is missing: run `vite build` first (npm run test:e2e does)').toBe(true)
  })

  test('is index.html alone: the bench page and the lstm-check fixture are not shipped', () => {
    expect(readdirSync(DIST).filter((f) => f.endsWith('.html'))).toEqual(['index.html'])
  })

  test('the page bundle holds no TensorFlow.js; the training worker does', () => {
    const { chunks } = pageChunks()
    expect(chunks.length).toBeGreaterThan(0)
    for (const f of chunks) expect(existsSync(f), `${f} is imported but missing`).toBe(true)
    const bytes = chunks.reduce((n, f) => n + statSync(f).size, 0)
    console.log(`page bundle: ${chunks.length} chunk(s), ${(bytes / 1000).toFixed(1)} kB`)
    for (const f of chunks) {
      const code = readFileSync(f, 'utf8')
      expect(TFJS_MARKERS.filter((m) => code.includes(m)), f).toEqual([])
    }
    // The markers do find tfjs where it is: without this a minifier change could make the check above pass vacuously.
    const page = chunks.map((f) => readFileSync(f, 'utf8')).join('\n')
    const worker = /new URL\(\s*["'`]([^"'`]*train\.worker-[^"'`]+\.js)["'`]/.exec(page)?.[1]
    expect(worker, 'the page starts the training worker').toBeDefined()
    const workerCode = readFileSync(resolve(DIST, 'assets', worker!.replace(/^.*\//, '')), 'utf8')
    expect(TFJS_MARKERS.filter((m) => workerCode.includes(m))).toEqual(TFJS_MARKERS)
  })

  test('the model inspector (tfjs-vis, with TensorFlow.js) is one chunk the page reaches only through import()', () => {
    const { chunks, inspector } = pageChunks()
    expect(inspector.length, 'the page imports the inspector chunk').toBeGreaterThan(0)
    // one chunk, and no chunk imports it statically: it never loads with the page
    expect(new Set(inspector.map((i) => i.file)).size).toBe(1)
    expect(inspector.filter((i) => !i.dynamic), 'a static import of the inspector chunk').toEqual([])
    const file = inspector[0]!.file
    console.log(`inspector chunk: ${(statSync(file).size / 1000).toFixed(1)} kB`)
    // It does carry TensorFlow.js: the exclusion in the test above hides something real.
    expect(TFJS_MARKERS.filter((m) => readFileSync(file, 'utf8').includes(m)).length).toBeGreaterThan(0)
  })
})
