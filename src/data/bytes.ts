/**
 * The bytes of a Uint8Array as an ArrayBuffer of their own. A Uint8Array may be a view into a larger buffer
 * (Node's Buffers often are), and the decoders take an ArrayBuffer and read all of it.
 */
export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
}
