import { describe, expect, it } from 'vitest'
import { kernelNotices } from './kernelNotices'

describe('kernelNotices', () => {
  it('says nothing when the kernels run as they should', () => {
    expect(kernelNotices({ name: 'wasm' }, 'fused')).toEqual([])
    expect(kernelNotices({ name: 'webgpu' }, 'fused')).toEqual([])
  })

  it('names why the wasm SIMD kernels are off, on cpu and wasm', () => {
    expect(kernelNotices({ name: 'wasm', simdOff: 'no variant of the kernels compiles here (SIMD: bad opcode)' }, 'fused')).toEqual([
      'The wasm SIMD kernels are off (no variant of the kernels compiles here (SIMD: bad opcode)): the fused LSTM and the Conv1D gradients run as plain JavaScript loops, several times slower.',
    ])
    expect(kernelNotices({ name: 'cpu', simdOff: 'this engine has no WebAssembly' }, 'stock')).toEqual([
      'The wasm SIMD kernels are off (this engine has no WebAssembly): the Conv1D gradients run as plain JavaScript loops, several times slower.',
    ])
  })

  it('names why the LSTM helper thread did not start, where the fused LSTM would use it', () => {
    expect(kernelNotices({ name: 'wasm', helperFailed: 'not ready after 15 s' }, 'fused')).toEqual([
      'The LSTM helper thread did not start (not ready after 15 s); the fused LSTM runs on one thread, with the same numbers.',
    ])
    expect(kernelNotices({ name: 'wasm', helperFailed: 'not ready after 15 s' }, 'stock')).toEqual([])
  })

  it('gives both, SIMD first', () => {
    expect(kernelNotices({ name: 'cpu', simdOff: 'a', helperFailed: 'b' }, 'fused').map((n) => n.slice(0, 20))).toEqual([
      'The wasm SIMD kernel', 'The LSTM helper thre',
    ])
  })
})
