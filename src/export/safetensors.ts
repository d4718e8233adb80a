/**
 * The safetensors format (huggingface/safetensors, the usual way to hand weights to PyTorch): an 8-byte
 * little-endian header length N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
 * {string: string}}`, then the tensors' raw little-endian bytes, offsets relative to where the data starts.
 */

/** One tensor: row-major float32 values and its shape. */
export interface NamedTensor {
  name: string
  shape: number[]
  data: Float32Array
}

const DTYPE_BYTES: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 }

/** float32 tensors in the given order, the header padded with spaces to 8 bytes as the reference writer does. */
export function writeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata }
  let offset = 0
  for (const t of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1)
    if (count !== t.data.length) throw new Error(`safetensors: ${t.name} has ${t.data.length} values but shape [${t.shape}] holds ${count}`)
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * count] }
    offset += 4 * count
  }
  let json = JSON.stringify(header)
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8)
  const head = new TextEncoder().encode(json)
  const out = new Uint8Array(8 + head.length + offset)
  const view = new DataView(out.buffer)
  view.setBigUint64(0, BigInt(head.length), true)
  out.set(head, 8)
  let at = 8 + head.length
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i]!, true)
  }
  return out
}

/**
 * Every tensor of a safetensors file as float32 (F32, F64, F16 and BF16 are read), and its metadata. Says what is
 * wrong with a file that is cut short, not safetensors, or holds integer tensors.
 */
export function readSafetensors(bytes: Uint8Array, fileName = 'weights.safetensors'): { tensors: Map<string, NamedTensor>; metadata: Record<string, string> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 8) throw new Error(`safetensors: ${fileName} is ${bytes.length} bytes, too short to be safetensors`)
  const n = Number(view.getBigUint64(0, true))
  if (n < 2 || 8 + n > bytes.length) throw new Error(`safetensors: ${fileName} declares a ${n}-byte header in a ${bytes.length}-byte file; it is cut short or not safetensors`)
  let header: Record<string, { dtype?: unknown; shape?: unknown; data_offsets?: unknown }>
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n))) as typeof header
  } catch (e) {
    throw new Error(`safetensors: ${fileName}'s header is not JSON (${(e as Error).message}); not a safetensors file`)
  }
  const data = 8 + n
  const tensors = new Map<string, NamedTensor>()
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue
    const size = DTYPE_BYTES[String(t.dtype)]
    if (!size) throw new Error(`safetensors: ${fileName}'s tensor ${name} is ${String(t.dtype)}; the studio reads F32, F64, F16 and BF16`)
    const shape = t.shape as number[], off = t.data_offsets as [number, number]
    const count = Array.isArray(shape) ? shape.reduce((a, b) => a * b, 1) : NaN
    if (!Array.isArray(off) || off[1] - off[0] !== count * size || data + off[1] > bytes.length) {
      throw new Error(`safetensors: ${fileName}'s tensor ${name} (shape [${String(shape)}], ${String(t.dtype)}) does not fit its offsets [${String(off)}] in the file`)
    }
    const values = new Float32Array(count)
    const at = data + off[0]
    for (let i = 0; i < count; i++) values[i] = readValue(view, at + i * size, String(t.dtype))
    tensors.set(name, { name, shape, data: values })
  }
  const meta = (header['__metadata__'] ?? {}) as Record<string, string>
  return { tensors, metadata: meta }
}

function readValue(view: DataView, at: number, dtype: string): number {
  switch (dtype) {
    case 'F32': return view.getFloat32(at, true)
    case 'F64': return view.getFloat64(at, true)
    case 'BF16': return bf16(view.getUint16(at, true))
    default: return f16(view.getUint16(at, true))
  }
}

/** bfloat16 is float32's upper half. */
function bf16(bits: number): number {
  const v = new DataView(new ArrayBuffer(4))
  v.setUint32(0, bits << 16)
  return v.getFloat32(0)
}

/** IEEE half precision: 1 sign, 5 exponent (bias 15), 10 fraction bits. */
function f16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1
  const exp = (bits >> 10) & 0x1f, frac = bits & 0x3ff
  if (exp === 0) return sign * frac * 2 ** -24
  if (exp === 31) return frac ? NaN : sign * Infinity
  return sign * (1 + frac / 1024) * 2 ** (exp - 15)
}
