import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The house direction: ui → store → {train, eval, export, workers} → model → features → data → util (and config
// beside data). A folder may import itself and anything listed after it; nothing below store imports store or ui.
const MAY_IMPORT: Record<string, string[]> = {
  util: [],
  data: ['util'],
  config: ['data', 'features', 'model', 'train', 'util'],
  features: ['data', 'util'],
  model: ['features', 'data', 'util'],
  train: ['model', 'features', 'data', 'util'],
  eval: ['model', 'features', 'data', 'util'],
  export: ['config', 'eval', 'train', 'model', 'features', 'data', 'util'],
  workers: ['eval', 'train', 'model', 'features', 'data', 'util', 'config'],
  store: ['config', 'eval', 'export', 'train', 'workers', 'model', 'features', 'data', 'util'],
  ui: ['store', 'config', 'eval', 'export', 'train', 'model', 'features', 'data', 'util'],
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : []
  })
}

describe('layering', () => {
  it.each(Object.keys(MAY_IMPORT))('src/%s imports only the layers below it', (folder) => {
    const bad: string[] = []
    for (const file of sources(join('src', folder))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from '\.\.\/(\w+)\//g)) {
        if (!MAY_IMPORT[folder]!.includes(m[1]!)) bad.push(`${file} → ${m[1]}`)
      }
    }
    expect(bad).toEqual([])
  })
})
