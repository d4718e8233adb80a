import { afterAll, describe, expect, it } from 'vitest'
import { setSimdEnabled, simd } from './simdKernels'
import { assemble } from './wasmAsm'
import { cellBackwardFunction, cellForwardFunction } from './wasmCellCode'
import { gemmFunction } from './wasmGemmCode'

afterAll(() => setSimdEnabled(true))

describe('the wasm SIMD module', () => {
  it('validates and stays under 4 KB, the limit Chrome puts on synchronous compiles on the main thread', () => {
    const bytes = assemble([gemmFunction, cellForwardFunction, cellBackwardFunction])
    expect(WebAssembly.validate(bytes)).toBe(true)
    expect(bytes.length).toBeLessThan(4096)
  })

  it('is available in Node 20 and can be switched off', () => {
    expect(simd()).not.toBeNull()
    setSimdEnabled(false)
    expect(simd()).toBeNull()
    setSimdEnabled(true)
    expect(simd()).not.toBeNull()
  })

  it('grows its arena on demand and hands back a live view', () => {
    const k = simd()!
    const small = k.arena(16)
    const big = k.arena(4 << 20) // 16 MB
    expect(big.length).toBeGreaterThanOrEqual(4 << 20)
    expect(k.arena(16)).toBe(big)
    expect(small === big || small.length === 0).toBe(true) // a detached view reads as empty
  })
})
