/**
 * Zip archives of stored (uncompressed) files: what the PyTorch export downloads as one file, and what the headless
 * run unpacks. Parquet and safetensors are compressed or dense already, so deflate would gain little. Every unzip
 * (Python's zipfile, Colab's, the operating systems') reads stored entries.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** CRC-32 (IEEE 802.3, zip's): crc32("123456789") = 0xcbf43926. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** One archive of the files in order, names as given (use `/` for folders), dated 1980-01-01 so the bytes repeat. */
export function writeZip(files: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const enc = new TextEncoder()
  const entries = files.map((f) => ({ ...f, raw: enc.encode(f.name), crc: crc32(f.data) }))
  const size = entries.reduce((n, e) => n + 30 + e.raw.length + e.data.length + 46 + e.raw.length, 22)
  if (size > 0xffffffff || entries.length > 0xffff) throw new Error(`export: the archive would be ${size} bytes in ${entries.length} files; zip without ZIP64 holds 4 GiB and 65,535 files`)
  const out = new Uint8Array(size)
  const v = new DataView(out.buffer)
  let at = 0
  const offsets: number[] = []
  // Version 2.0, UTF-8 names (flag bit 11), method 0 (stored), DOS date 1980-01-01 00:00.
  const common = (p: number, e: (typeof entries)[number]) => {
    v.setUint16(p, 20, true); v.setUint16(p + 2, 0x0800, true); v.setUint16(p + 4, 0, true)
    v.setUint16(p + 6, 0, true); v.setUint16(p + 8, 0x21, true)
    v.setUint32(p + 10, e.crc, true); v.setUint32(p + 14, e.data.length, true); v.setUint32(p + 18, e.data.length, true)
    v.setUint16(p + 22, e.raw.length, true); v.setUint16(p + 24, 0, true)
  }
  for (const e of entries) {
    offsets.push(at)
    v.setUint32(at, 0x04034b50, true)
    common(at + 4, e)
    out.set(e.raw, at + 30)
    out.set(e.data, at + 30 + e.raw.length)
    at += 30 + e.raw.length + e.data.length
  }
  const dir = at
  entries.forEach((e, i) => {
    v.setUint32(at, 0x02014b50, true)
    v.setUint16(at + 4, 20, true)
    common(at + 6, e)
    // comment length, disk, internal and external attributes: 0
    v.setUint32(at + 42, offsets[i]!, true)
    out.set(e.raw, at + 46)
    at += 46 + e.raw.length
  })
  v.setUint32(at, 0x06054b50, true)
  v.setUint16(at + 8, entries.length, true); v.setUint16(at + 10, entries.length, true)
  v.setUint32(at + 12, at - dir, true); v.setUint32(at + 16, dir, true)
  return out
}

/** The files of a zip of stored entries (what writeZip makes), by name; refuses compressed entries by name. */
export function readZip(bytes: Uint8Array, fileName = 'the archive'): Map<string, Uint8Array> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let end = bytes.length - 22
  while (end >= 0 && v.getUint32(end, true) !== 0x06054b50) end--
  if (end < 0) throw new Error(`zip: ${fileName} has no end-of-archive record; it is cut short or not a zip file`)
  const count = v.getUint16(end + 10, true)
  let at = v.getUint32(end + 16, true)
  const dec = new TextDecoder()
  const files = new Map<string, Uint8Array>()
  for (let i = 0; i < count; i++) {
    if (v.getUint32(at, true) !== 0x02014b50) throw new Error(`zip: ${fileName}'s directory entry ${i} is damaged`)
    const method = v.getUint16(at + 10, true), crc = v.getUint32(at + 16, true), stored = v.getUint32(at + 20, true)
    const nameLen = v.getUint16(at + 28, true), extra = v.getUint16(at + 30, true), comment = v.getUint16(at + 32, true)
    const local = v.getUint32(at + 42, true)
    const name = dec.decode(bytes.subarray(at + 46, at + 46 + nameLen))
    if (method !== 0) throw new Error(`zip: ${fileName}'s ${name} is compressed (method ${method}); only stored entries are read`)
    const start = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true)
    const data = bytes.subarray(start, start + stored)
    if (data.length !== stored || crc32(data) !== crc) throw new Error(`zip: ${fileName}'s ${name} is damaged (its checksum does not match)`)
    files.set(name, data)
    at += 46 + nameLen + extra + comment
  }
  return files
}
