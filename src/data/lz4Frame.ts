/**
 * LZ4 frame format (lz4_Frame_format.md), which Arrow IPC uses for its LZ4_FRAME body compression. Blocks may be
 * linked (a match may reach back into the previous block, Arrow C++'s default), so every block decodes into one
 * growing output. Checksums are skipped, not verified: Arrow's own lengths catch a short result.
 */
export function decodeLz4Frame(input: Uint8Array): Uint8Array {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength)
  let out: Uint8Array = new Uint8Array(Math.max(1024, input.length * 4))
  let len = 0
  let i = 0
  const need = (n: number) => {
    if (i + n > input.length) throw new Error('lz4: frame is cut short')
  }
  while (i < input.length) {
    need(7)
    const magic = view.getUint32(i, true)
    if (magic >= 0x184d2a50 && magic <= 0x184d2a5f) {
      // skippable frame
      i += 8 + view.getUint32(i + 4, true)
      continue
    }
    if (magic !== 0x184d2204) throw new Error('lz4: not an LZ4 frame')
    const flg = input[i + 4]!
    i += 6 + (flg & 0x08 ? 8 : 0) + (flg & 0x01 ? 4 : 0) + 1 // magic, FLG, BD, [content size], [dict id], HC
    const blockChecksum = (flg & 0x10) !== 0
    for (;;) {
      need(4)
      const size = view.getUint32(i, true)
      i += 4
      if (size === 0) break
      const n = size & 0x7fffffff
      need(n)
      const block = input.subarray(i, i + n)
      i += n + (blockChecksum ? 4 : 0)
      if (size & 0x80000000) {
        out = ensure(out, len + n)
        out.set(block, len)
        len += n
      } else {
        ;[out, len] = decodeBlock(block, out, len)
      }
    }
    if (flg & 0x04) i += 4 // content checksum
  }
  return out.subarray(0, len)
}

function ensure(out: Uint8Array, size: number): Uint8Array {
  if (size <= out.length) return out
  const bigger = new Uint8Array(Math.max(size, out.length * 2))
  bigger.set(out)
  return bigger
}

/** One LZ4 block appended at `len`; matches may refer to anything already in `out`. */
function decodeBlock(src: Uint8Array, out: Uint8Array, len: number): [Uint8Array, number] {
  let i = 0
  while (i < src.length) {
    const token = src[i++]!
    let literals = token >> 4
    if (literals === 15) for (let b = 255; b === 255 && i < src.length; ) literals += b = src[i++]!
    if (i + literals > src.length) throw new Error('lz4: literals run past the block')
    out = ensure(out, len + literals)
    out.set(src.subarray(i, i + literals), len)
    len += literals
    i += literals
    if (i >= src.length) break // the last sequence has literals only
    if (i + 2 > src.length) throw new Error('lz4: block is cut short')
    const offset = src[i]! | (src[i + 1]! << 8)
    i += 2
    if (offset === 0 || offset > len) throw new Error('lz4: match offset out of range')
    let match = (token & 15) + 4
    if ((token & 15) === 15) for (let b = 255; b === 255 && i < src.length; ) match += b = src[i++]!
    out = ensure(out, len + match)
    // Byte by byte: a match may overlap what it is writing (offset < length repeats a pattern).
    for (let k = 0; k < match; k++, len++) out[len] = out[len - offset]!
  }
  return [out, len]
}
