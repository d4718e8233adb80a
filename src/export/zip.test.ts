import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { python, pythonCan } from './testing'
import { crc32, readZip, writeZip } from './zip'

const enc = (s: string) => new TextEncoder().encode(s)
const files = [{ name: 'run.json', data: enc('{"a": 1}') }, { name: 'données/é.txt', data: enc('') }, { name: 'w.bin', data: Uint8Array.of(0, 255, 7) }]

describe('zip', () => {
  it('computes zip\'s CRC-32', () => {
    expect(crc32(enc('123456789'))).toBe(0xcbf43926) // the standard check value
    expect(crc32(new Uint8Array(0))).toBe(0)
  })

  it('writes stored entries that read back byte for byte, and the same bytes every time', () => {
    const zip = writeZip(files)
    // 3 local headers (30 + name + data), 3 directory entries (46 + name), the end record (22)
    const names = files.reduce((n, f) => n + enc(f.name).length, 0)
    expect(zip.length).toBe(3 * 30 + 3 * 46 + 22 + 2 * names + 8 + 0 + 3)
    expect(readZip(zip)).toEqual(new Map(files.map((f) => [f.name, f.data])))
    expect(writeZip(files)).toEqual(zip)
  })

  it.skipIf(!pythonCan('1'))('is read by Python\'s zipfile, which checks every CRC', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-'))
    const path = join(dir, 'a.zip')
    writeFileSync(path, writeZip(files))
    const code = 'import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({n: list(z.read(n)) for n in z.namelist()}))'
    const out = python(['-c', code, path], dir)
    expect(out.stderr).toBe('')
    expect(JSON.parse(out.stdout)).toEqual(Object.fromEntries(files.map((f) => [f.name, [...f.data]])))
  })

  it('refuses what is not a zip, a damaged entry and a compressed one, by name', () => {
    expect(() => readZip(enc('not a zip at all, just text'), 'x.zip')).toThrow(/zip: x\.zip has no end-of-archive record/)
    const damaged = writeZip(files)
    const at = 30 + enc('run.json').length
    damaged[at] = damaged[at]! ^ 1
    expect(() => readZip(damaged, 'x.zip')).toThrow(/zip: x\.zip's run\.json is damaged/)
    const deflated = writeZip(files)
    const dir = deflated.length - 22 - (46 * 3 + 2 * 0) - files.reduce((n, f) => n + enc(f.name).length, 0)
    new DataView(deflated.buffer).setUint16(dir + 10, 8, true)
    expect(() => readZip(deflated, 'x.zip')).toThrow(/zip: x\.zip's run\.json is compressed \(method 8\)/)
  })
})
