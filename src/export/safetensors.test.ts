import { describe, expect, it } from 'vitest'
import { readSafetensors, writeSafetensors } from './safetensors'

/** A file of one tensor with a hand-written header and raw bytes. */
function file(header: object, data: number[]): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header))
  const out = new Uint8Array(8 + json.length + data.length)
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true)
  out.set(json, 8)
  out.set(data, 8 + json.length)
  return out
}

describe('safetensors', () => {
  it('writes the header length, the JSON header padded to 8 bytes, then little-endian float32s', () => {
    const bytes = writeSafetensors([{ name: 'a', shape: [2], data: Float32Array.of(1, -2) }, { name: 'b', shape: [1, 1], data: Float32Array.of(0.5) }], { format: 'pt' })
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true))
    expect((8 + n) % 8).toBe(0)
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)))).toEqual({
      __metadata__: { format: 'pt' },
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [1, 1], data_offsets: [8, 12] },
    })
    // 1.0f = 0x3f800000, -2.0f = 0xc0000000, 0.5f = 0x3f000000, little-endian
    expect([...bytes.subarray(8 + n)]).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0, 0, 0, 0, 0x3f])
    const back = readSafetensors(bytes)
    expect(back.metadata).toEqual({ format: 'pt' })
    expect(back.tensors.get('b')).toEqual({ name: 'b', shape: [1, 1], data: Float32Array.of(0.5) })
  })

  it('reads F64, F16 and BF16 tensors as float32', () => {
    const f64 = new Uint8Array(new Float64Array([0.25, -3]).buffer)
    const t = readSafetensors(file({
      d: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
      h: { dtype: 'F16', shape: [3], data_offsets: [16, 22] },
      b: { dtype: 'BF16', shape: [1], data_offsets: [22, 24] },
    }, [...f64, 0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b, 0x80, 0x3f])).tensors
    expect([...t.get('d')!.data]).toEqual([0.25, -3])
    expect([...t.get('h')!.data]).toEqual([1, -2, 65504]) // 0x3c00, 0xc000, 0x7bff: the largest half
    expect([...t.get('b')!.data]).toEqual([1]) // 0x3f80 is 1.0f's upper half
  })

  it.each([
    ['a cut file', new Uint8Array(5), /safetensors: w\.safetensors is 5 bytes, too short/],
    ['a header longer than the file', file({}, []).slice(0, 9), /declares a 2-byte header in a 9-byte file/],
    ['a header that is not JSON', (() => { const f = file({ a: 1 }, []); f[8] = 0x78; return f })(), /header is not JSON/],
    ['integer tensors', file({ i: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, [0, 0, 0, 0, 0, 0, 0, 0]), /tensor i is I64; the studio reads F32, F64, F16 and BF16/],
    ['offsets that do not fit the shape', file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, [0, 0, 0, 0]), /tensor a \(shape \[2\], F32\) does not fit its offsets \[0,4\]/],
  ])('refuses %s with the reason', (_, bytes, message) => {
    expect(() => readSafetensors(bytes, 'w.safetensors')).toThrow(message)
  })
})
