import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The house direction: ui → store → {train, eval, export, workers} → model → kernels, and model → features → data →
// util (config beside data). A layer may import itself and the layers listed for it; nothing below store imports
// store or ui, and kernels (the compute engine) never imports model (the network).
const MAY_IMPORT: Record<string, string[]> = {
  util: [],
  data: ['util'],
  config: ['data', 'features', 'model', 'train', 'util'],
  features: ['data', 'util'],
  kernels: ['util'],
  model: ['kernels', 'features', 'data', 'util'],
  train: ['model', 'kernels', 'features', 'data', 'util'],
  eval: ['model', 'features', 'data', 'util'],
  export: ['config', 'eval', 'train', 'model', 'features', 'data', 'util'],
  workers: ['eval', 'train', 'model', 'kernels', 'features', 'data', 'util', 'config'],
  store: ['config', 'eval', 'export', 'train', 'workers', 'model', 'features', 'data', 'util'],
  ui: ['store', 'config', 'eval', 'export', 'train', 'model', 'features', 'data', 'util'],
  /** src/main.tsx: mounts the page. */
  main: ['ui', 'store'],
  /** The benchmark page (bench/page), run by `npm run bench`: drives the layers a worker drives. */
  bench: ['workers', 'train', 'model', 'kernels', 'features', 'data', 'util'],
}

/** npm packages a layer may import (node: built-ins and anything else are refused); layers not listed are unchecked. */
const MAY_USE_PACKAGES: Record<string, string[]> = {
  kernels: ['@tensorflow/tfjs'],
}

const ROOT = resolve(__dirname, '..')

/** Every import specifier of a module: `from '…'`, side-effect `import '…'`, `import('…')` and `new URL('…', import.meta.url)`. */
export function importsOf(text: string): string[] {
  const forms = [
    /\bfrom\s*(['"])([^'"]+)\1/g,
    /^\s*import\s*(['"])([^'"]+)\1/gm,
    /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
    /\bnew\s+URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g,
  ]
  return forms.flatMap((re) => [...text.matchAll(re)].map((m) => m[2]!))
}

/** Shipping and bench sources: tests, test workers and testing helpers are not part of the layering. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return /\.tsx?$/.test(e.name) && !/\.test(Worker)?\.tsx?$|^testing\.ts$/.test(e.name) ? [p] : []
  })
}

/** The layer a file belongs to: its folder under src/, `main` for src/main.tsx, `bench` for bench/page. */
function layerOf(file: string): string | undefined {
  const rel = relative(ROOT, file).split(/[\\/]/)
  if (rel[0] === 'bench' && rel[1] === 'page') return 'bench'
  if (rel[0] !== 'src') return undefined
  return rel.length === 2 ? (rel[1] === 'main.tsx' ? 'main' : undefined) : rel[1]
}

/** A relative specifier resolved to a file, as Vite and tsx resolve it; undefined when nothing is there. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec.replace(/\?.*$/, ''))
  return ['', '.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => existsSync(p) && statSync(p).isFile())
}

const FILES = [
  ...readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => sources(join(ROOT, 'src', e.name))),
  join(ROOT, 'src', 'main.tsx'),
  ...(existsSync(join(ROOT, 'bench', 'page')) ? sources(join(ROOT, 'bench', 'page')) : []),
]

describe('layering', () => {
  it('reads every import form', () => {
    const text = [
      `import * as tf from '@tensorflow/tfjs'`, `import type { A } from "./a"`, `export { b } from './b'`,
      `import './styles.css'`, `const m = await import('./lazy')`,
      `new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' })`,
      `const s = 'from nowhere'`,
    ].join('\n')
    expect(importsOf(text).sort()).toEqual(['./a', './b', './lazy', './styles.css', './x.worker.ts', '@tensorflow/tfjs'])
  })

  it('covers every layer, main.tsx and the bench page', () => {
    const seen = new Set(FILES.map(layerOf))
    expect([...Object.keys(MAY_IMPORT)].filter((l) => !seen.has(l))).toEqual([])
    expect(FILES.filter((f) => layerOf(f) === undefined)).toEqual([])
  })

  it.each(Object.keys(MAY_IMPORT))('%s imports only the layers it may', (layer) => {
    const bad: string[] = []
    for (const file of FILES.filter((f) => layerOf(f) === layer)) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const name = relative(ROOT, file)
        if (!spec.startsWith('.')) {
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
          const allowed = MAY_USE_PACKAGES[layer]
          if (allowed && !allowed.includes(pkg)) bad.push(`${name} → package ${spec}`)
          continue
        }
        const target = resolveImport(file, spec)
        if (target === undefined) {
          bad.push(`${name} → ${spec} (not found)`)
          continue
        }
        if (/(^|[\\/])testing\.ts$/.test(target)) bad.push(`${name} → ${relative(ROOT, target)} (test helper)`)
        const to = layerOf(target)
        if (to !== undefined && to !== layer && !MAY_IMPORT[layer]!.includes(to)) bad.push(`${name} → ${to}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('scripts import no test helpers (src/*/testing.ts)', () => {
    const bad = readdirSync(join(ROOT, 'scripts')).filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f)).flatMap((f) => {
      const file = join(ROOT, 'scripts', f)
      return importsOf(readFileSync(file, 'utf8')).filter((s) => s.startsWith('.') && /(^|\/)testing$/.test(s.replace(/\.ts$/, ''))).map((s) => `${f} → ${s}`)
    })
    expect(bad).toEqual([])
  })
})
