import { afterAll, describe, expect, it } from 'vitest'
import { gemm } from './gemm'
import { instantiate, keepRegion, keptRegion, moduleFunctions, releaseKeptNotOwnedBy, releaseRegion, scratchStart, setSimdEnabled, SHARED_MAX_PAGES, simd, simdOffReason } from './simdKernels'
import { assemble } from './wasmAsm'

afterAll(() => setSimdEnabled(true))

describe('the wasm SIMD module', () => {
  it('validates and stays under 4 KB, the limit Chrome puts on synchronous compiles on the main thread', () => {
    // Node 20 validates relaxed SIMD only behind a flag: the FMA variant's size is checked here, its validity in Chromium.
    for (const fma of [false, true]) {
      const bytes = assemble(moduleFunctions(fma))
      const shared = assemble(moduleFunctions(fma), SHARED_MAX_PAGES)
      if (!fma) expect(WebAssembly.validate(bytes) && WebAssembly.validate(shared)).toBe(true)
      expect(bytes.length).toBeLessThan(4096)
      expect(shared.length).toBeLessThan(4096)
    }
  })

  it('works in shared memory where SharedArrayBuffer exists (Node, a cross-origin isolated page), so a helper thread can use the same arena', () => {
    const k = simd()!
    expect(k.memory.buffer).toBeInstanceOf(SharedArrayBuffer)
    // A shared-memory module cannot be instantiated on a plain memory, and the other way round.
    expect(() => new WebAssembly.Instance(k.module, { env: { mem: new WebAssembly.Memory({ initial: 16 }) } })).toThrow()
  })

  it('is available in Node 20 and can be switched off', () => {
    expect(simd()).not.toBeNull()
    setSimdEnabled(false)
    expect(simd()).toBeNull()
    setSimdEnabled(true)
    expect(simd()).not.toBeNull()
  })

  it('says why it is off: switched off, or what went wrong building it', () => {
    expect(simdOffReason()).toBeUndefined()
    setSimdEnabled(false)
    expect(simdOffReason()).toBe('switched off by setSimdEnabled(false)')
    setSimdEnabled(true)
    // An assembler bug: a byte the engine refuses. Each variant's reason is the engine's compile error.
    const broken: typeof assemble = (funcs, pages) => {
      const bytes = assemble(funcs, pages)
      bytes[bytes.length - 1] = 0xff // the last function's `end` becomes an unknown opcode
      return bytes
    }
    const reason = instantiate(broken)
    expect(typeof reason).toBe('string')
    expect(reason).toMatch(/^no variant of the kernels compiles here \(relaxed SIMD on shared memory: .+; relaxed SIMD: .+; SIMD: .+\)$/)
    expect(instantiate(() => { throw new RangeError('offset out of range') })).toBe('building the kernels failed: offset out of range')
  })

  it('copies strided rows in 16-byte steps and touches nothing else', () => {
    const k = simd()!
    const heap = k.arena(256)
    heap.fill(-1, 0, 256)
    for (let i = 0; i < 40; i++) heap[i] = i
    // 3 rows of 8 floats, 10 floats apart from float 1 (unaligned), into rows 12 floats apart from float 101.
    k.copyRows(1 * 4, 10 * 4, 101 * 4, 12 * 4, 3, 8 * 4)
    const want = Array.from({ length: 256 }, (_, i) => (i < 40 ? i : -1))
    for (let r = 0; r < 3; r++) for (let c = 0; c < 8; c++) want[101 + 12 * r + c] = 1 + 10 * r + c
    expect(Array.from(k.arena(0).subarray(0, 256))).toEqual(want)
  })

  it('grows its arena on demand and hands back a live view', () => {
    const k = simd()!
    const small = k.arena(16)
    const big = k.arena(4 << 20) // 16 MB
    expect(big.length).toBeGreaterThanOrEqual(4 << 20)
    expect(k.arena(16)).toBe(big)
    // The view handed back covers the whole memory after the growth; an older view of a shared memory keeps its old length.
    expect(big.length * 4).toBe(k.memory.buffer.byteLength)
    expect(small.length).toBeLessThan(big.length)
  })

  it('names the size when the arena cannot grow that far', () => {
    expect(() => simd()!.arena(SHARED_MAX_PAGES * 16384 + 1)).toThrow(/the wasm kernels need 1025 MB of memory and could not get it .*a smaller batch size needs less/)
  })

  it('keeps regions from one call to a later one below every call\'s scratch, and frees them from the top down', () => {
    const k = simd()!
    expect(scratchStart()).toBe(0)
    const a = keepRegion(k, 10, 'tape 1'), b = keepRegion(k, 7, 'tape 1'), c = keepRegion(k, 5, 'tape 1')
    expect([a.at, b.at, c.at]).toEqual([0, 16, 32]) // one after another, each on its own cache lines
    expect(scratchStart()).toBe(48)
    k.arena(0).fill(3, a.at, a.at + 10)
    // A GEMM lays its operands out above the kept regions and leaves them alone.
    const m = 8, n = 8, kk = 128 // 8·8·128 multiply-adds: the SIMD path
    const A = new Float32Array(m * kk).fill(1), B = new Float32Array(kk * n).fill(2), C = new Float32Array(m * n)
    gemm(m, n, kk, A, 0, kk, 1, B, 0, 1, n, C, 0, n, false)
    expect(C.every((v) => v === 256)).toBe(true)
    expect(k.arena(0).subarray(a.at, a.at + 10).every((v) => v === 3)).toBe(true)
    // Out of order: b's space stays taken until c above it goes too.
    releaseRegion(b.id)
    expect(keptRegion(b.id)).toBeUndefined()
    expect(keptRegion(c.id)).toEqual({ at: 32, floats: 5 })
    expect(scratchStart()).toBe(48)
    releaseRegion(c.id)
    expect(scratchStart()).toBe(16)
    // What another owner kept is dropped; this owner's stays.
    const d = keepRegion(k, 4, 'tape 2')
    releaseKeptNotOwnedBy('tape 2')
    expect(keptRegion(a.id)).toBeUndefined()
    expect(keptRegion(d.id)).toEqual({ at: 16, floats: 4 }) // a's space is a hole below d until d goes
    releaseRegion(d.id)
    expect(scratchStart()).toBe(0)
  })
})
