/**
 * Just enough of a WebAssembly assembler to write the fused LSTM's SIMD kernels in TypeScript,
 * so the project needs no wasm toolchain and ships no binary blob. Code is built as arrays of
 * bytes; an "expression" is code that leaves one value on the stack. Encodings follow the
 * WebAssembly core spec (binary format) and its fixed-width SIMD extension (0xfd prefix).
 */

import type { Code, WasmFunction } from './types'

const I32 = 0x7f
const V128 = 0x7b
const VOID = 0x40

function uleb(n: number): Code {
  const out: Code = []
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}

function sleb(n: number): Code {
  const out: Code = []
  for (;;) {
    const byte = n & 0x7f
    n >>= 7
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte]
    out.push(byte | 0x80)
  }
}

// Locals and i32 arithmetic.
export const get = (l: number): Code => [0x20, l]
export const set = (l: number, value: Code): Code => [...value, 0x21, l]
export const i32 = (v: number): Code => [0x41, ...sleb(v)]
export const add = (a: Code, b: Code): Code => [...a, ...b, 0x6a]
export const sub = (a: Code, b: Code): Code => [...a, ...b, 0x6b]
export const mul = (a: Code, b: Code): Code => [...a, ...b, 0x6c]
export const shl = (a: Code, b: Code): Code => [...a, ...b, 0x74]
/** local += value, for pointer bumps. */
export const bump = (l: number, value: Code): Code => set(l, add(get(l), value))

// SIMD: opcodes after the 0xfd prefix are unsigned LEB128.
const simd = (code: number): Code => [0xfd, ...uleb(code)]
export const vload = (addr: Code, offset = 0): Code => [...addr, ...simd(0x00), 4, ...uleb(offset)]
export const vstore = (addr: Code, value: Code, offset = 0): Code => [...addr, ...value, ...simd(0x0b), 4, ...uleb(offset)]
/** A vector of four equal float32 lanes. */
export function fconst(x: number): Code {
  return [...simd(0x0c), ...new Uint8Array(new Float32Array([x, x, x, x]).buffer)]
}
export function iconst(x: number): Code {
  return [...simd(0x0c), ...new Uint8Array(new Int32Array([x, x, x, x]).buffer)]
}
/** v128.load32_splat: one float from memory into all four lanes (one broadcast load on x86, no shuffle). */
export const vloadSplat = (addr: Code): Code => [...addr, ...simd(0x09), 2, 0]
export const fadd = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe4)]
export const fsub = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe5)]
export const fmul = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe6)]
/** f32x4.relaxed_madd (relaxed SIMD): a·b + c, fused where the CPU has FMA, else rounded twice. */
export const fmadd = (a: Code, b: Code, c: Code): Code => [...a, ...b, ...c, ...simd(0x105)]
export const fdiv = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe7)]
/** f32x4.pmin / pmax: b < a ? b : a and a < b ? b : a, one minps/maxps on x86 (min/max add NaN and ±0 fix-ups). */
export const fpmin = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xea)]
export const fpmax = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xeb)]
export const ishl = (a: Code, bits: number): Code => [...a, ...i32(bits), ...simd(0xab)]
export const iadd = (a: Code, b: Code): Code => [...a, ...b, ...simd(0xae)]

/** `cond ? then : otherwise` for v128 values; only the chosen side runs (so it may load). */
export const vif = (cond: Code, then: Code, otherwise: Code): Code => [...cond, 0x04, V128, ...then, 0x05, ...otherwise, 0x0b]
/** `if (cond) body` for statements. */
export const when = (cond: Code, body: Code): Code => [...cond, 0x04, VOID, ...body, 0x0b]

/** `for (ctr = 0; ctr < limit; ctr += step) body`; body may not branch out. */
export function loop(ctr: number, limit: Code, step: number, body: Code): Code {
  return [
    ...set(ctr, i32(0)),
    0x02, VOID, 0x03, VOID,
    ...get(ctr), ...limit, 0x4e /* i32.ge_s */, 0x0d, 1,
    ...body,
    ...bump(ctr, i32(step)), 0x0c, 0,
    0x0b, 0x0b,
  ]
}

const section = (id: number, body: Code): Code => [id, ...uleb(body.length), ...body]
const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()]
const name = (s: string): Code => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))]

/**
 * A module importing its memory as `env.mem` and exporting the functions by name. With
 * `sharedMaxPages` the import is a shared memory of at most that many 64 KiB pages (threads
 * proposal: limits flag 3), which only a `shared: true` WebAssembly.Memory satisfies.
 */
export function assemble(funcs: WasmFunction[], sharedMaxPages?: number): Uint8Array<ArrayBuffer> {
  const types = vec(funcs.map((f) => [0x60, ...vec(new Array<Code>(f.params).fill([I32])), 0x00]))
  const limits = sharedMaxPages === undefined ? [0x00, ...uleb(1)] : [0x03, ...uleb(1), ...uleb(sharedMaxPages)]
  const imports = vec([[...name('env'), ...name('mem'), 0x02, ...limits]])
  const declared = vec(funcs.map((_, i) => uleb(i)))
  const exports = vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))
  const bodies = vec(funcs.map((f) => {
    const code = [...vec([[...uleb(f.i32s), I32], [...uleb(f.v128s), V128]]), ...f.body, 0x0b]
    return [...uleb(code.length), ...code]
  }))
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types), ...section(2, imports), ...section(3, declared), ...section(7, exports), ...section(10, bodies),
  ])
}
