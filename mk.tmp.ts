import { writeFileSync } from 'node:fs'
import { DEFAULT_CONFIG } from './src/config/runConfig'
const [name, json] = process.argv.slice(2)
const o = JSON.parse(json!)
const c = structuredClone(DEFAULT_CONFIG) as any
for (const [k, v] of Object.entries(o)) {
  const keys = k.split('.'); let n = c
  for (const x of keys.slice(0, -1)) n = n[x]
  n[keys.at(-1)!] = v
}
writeFileSync(`/tmp/exp/${name}.json`, JSON.stringify(c))
