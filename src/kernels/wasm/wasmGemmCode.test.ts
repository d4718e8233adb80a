import { setFlagsFromString } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { seededRng } from '../../util/rng'
import { assemble } from './wasmAsm'
import { cellBackwardFunction, cellForwardFunction, cellForwardFunctionFma } from './wasmCellCode'
import { gemmFunction, gemmFunctionFma } from './wasmGemmCode'

// Chrome ships relaxed SIMD (≥ 114); Node 20's V8 has it behind a flag, which must be set before the
// module is validated. Process-wide, but it only makes one more instruction set valid.
setFlagsFromString('--experimental-wasm-relaxed-simd')

/** Runs a module's gemm on C = A · B with A [m × k] row-major, B [k × n] row-major; returns C. */
function run(bytes: Uint8Array<ArrayBuffer>, m: number, n: number, k: number, a: Float32Array, b: Float32Array): Float32Array {
  const memory = new WebAssembly.Memory({ initial: 1 })
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory } })
  const heap = new Float32Array(memory.buffer)
  const pb = a.length, pc = pb + b.length
  heap.set(a, 0)
  heap.set(b, pb)
  ;(exports['gemm'] as (...args: number[]) => void)(m, n, k, 0, k * 4, 4, pb * 4, n * 4, pc * 4, n * 4, 0)
  return heap.slice(pc, pc + m * n)
}

describe('the relaxed-SIMD (FMA) GEMM', () => {
  it('validates, stays under 4 KB with the cell kernels, and gives the plain GEMM\'s products to float rounding', () => {
    const fma = assemble([gemmFunctionFma, cellForwardFunctionFma, cellBackwardFunction])
    const plain = assemble([gemmFunction, cellForwardFunction, cellBackwardFunction])
    expect(WebAssembly.validate(fma)).toBe(true)
    expect(fma.length).toBeLessThan(4096)
    const r = seededRng(9)
    const [m, n, k] = [8, 16, 300]
    const a = Float32Array.from({ length: m * k }, () => r() * 2 - 1)
    const b = Float32Array.from({ length: k * n }, () => r() * 2 - 1)
    const got = run(fma, m, n, k, a, b), want = run(plain, m, n, k, a, b)
    for (let i = 0; i < m * n; i++) {
      let exact = 0
      for (let kk = 0; kk < k; kk++) exact += a[Math.floor(i / n) * k + kk]! * b[kk * n + (i % n)]!
      expect(Math.abs(got[i]! - exact)).toBeLessThan(1e-4)
      expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-4)
    }
  })
})
