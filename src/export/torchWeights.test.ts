import { describe, expect, it } from 'vitest'
import type { NamedTensor } from './safetensors'
import { fromTorchStateDict, toTorchStateDict } from './torchWeights'

// A hand-sized model: an LSTM of 1 unit on 2 inputs, a Conv1D of width 2 from 1 channel to 2 filters, a Dense 2 → 3.
const specs = [
  { name: 'h1_lstm1/kernel', shape: [2, 4], dtype: 'float32' as const },
  { name: 'h1_lstm1/recurrent_kernel', shape: [1, 4], dtype: 'float32' as const },
  { name: 'h1_lstm1/bias', shape: [4], dtype: 'float32' as const },
  { name: 'm15_conv1/kernel', shape: [2, 1, 2], dtype: 'float32' as const },
  { name: 'm15_conv1/bias', shape: [2], dtype: 'float32' as const },
  { name: 'dense1/kernel', shape: [2, 3], dtype: 'float32' as const },
  { name: 'dense1/bias', shape: [3], dtype: 'float32' as const },
]
const values = [
  [1, 2, 3, 4, 5, 6, 7, 8], // kernel rows: input 0's gates i f c o, then input 1's
  [9, 10, 11, 12],
  [0.1, 1, 0.3, 0.4], // forget bias 1
  [1, 2, 3, 4], // [width 0: (filter 0, filter 1)], [width 1: …]
  [-1, -2],
  [1, 2, 3, 4, 5, 6],
  [7, 8, 9],
]
const weightData = Float32Array.from(values.flat()).buffer

describe('torch state_dict', () => {
  it('transposes kernels into torch\'s layouts, keeps the gate order and splits the LSTM bias into bias_ih and a zero bias_hh', () => {
    const sd = toTorchStateDict({ weightSpecs: specs, weightData })
    const plain = Object.fromEntries(sd.map((t) => [t.name, { shape: t.shape, data: [...t.data].map((v) => Math.round(v * 10) / 10) }]))
    expect(plain).toEqual({
      'h1_lstm1.weight_ih_l0': { shape: [4, 2], data: [1, 5, 2, 6, 3, 7, 4, 8] }, // gate row g: (input 0, input 1)
      'h1_lstm1.weight_hh_l0': { shape: [4, 1], data: [9, 10, 11, 12] },
      'h1_lstm1.bias_ih_l0': { shape: [4], data: [0.1, 1, 0.3, 0.4] },
      'h1_lstm1.bias_hh_l0': { shape: [4], data: [0, 0, 0, 0] },
      'm15_conv1.weight': { shape: [2, 1, 2], data: [1, 3, 2, 4] }, // [filter][channel][width]
      'm15_conv1.bias': { shape: [2], data: [-1, -2] },
      'dense1.weight': { shape: [3, 2], data: [1, 4, 2, 5, 3, 6] },
      'dense1.bias': { shape: [3], data: [7, 8, 9] },
    })
  })

  it('reads a state_dict back into the studio\'s order and layouts, adding torch\'s two LSTM biases', () => {
    const sd = new Map(toTorchStateDict({ weightSpecs: specs, weightData }).map((t) => [t.name, t]))
    expect(new Float32Array(fromTorchStateDict(specs, sd))).toEqual(new Float32Array(weightData))
    const hh: NamedTensor = { name: 'h1_lstm1.bias_hh_l0', shape: [4], data: Float32Array.of(1, 1, 1, 1) }
    const back = new Float32Array(fromTorchStateDict(specs, new Map([...sd, [hh.name, hh]])))
    expect([...back.subarray(12, 16)]).toEqual([...Float32Array.of(1.1, 2, 1.3, 1.4)])
  })

  it('names a missing tensor, a wrong shape and a tensor the model does not have', () => {
    const sd = new Map(toTorchStateDict({ weightSpecs: specs, weightData }).map((t) => [t.name, t]))
    const without = new Map(sd)
    without.delete('dense1.bias')
    expect(() => fromTorchStateDict(specs, without, 't.safetensors')).toThrow(/load: t\.safetensors has no tensor dense1\.bias/)
    const wrong = new Map(sd).set('dense1.weight', { name: 'dense1.weight', shape: [2, 3], data: new Float32Array(6) })
    expect(() => fromTorchStateDict(specs, wrong, 't.safetensors')).toThrow(/t\.safetensors's dense1\.weight is \[2,3\], the model needs \[3,2\]/)
    const extra = new Map(sd).set('dense9.bias', { name: 'dense9.bias', shape: [1], data: new Float32Array(1) })
    expect(() => fromTorchStateDict(specs, extra, 't.safetensors')).toThrow(/holds tensors this model does not have \(dense9\.bias\)/)
  })
})
