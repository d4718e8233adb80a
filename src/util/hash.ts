/** 32-bit FNV-1a of a string's UTF-16 code units, twice with different offsets, as 16 hex digits. Not cryptographic. */
export function hashText(text: string): string {
  let a = 0x811c9dc5, b = 0x050c5d1f
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13)
  }
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0')
  return hex(a) + hex(b)
}
