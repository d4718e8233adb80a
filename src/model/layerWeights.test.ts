import { describe, expect, it } from 'vitest'
import { layerWeights } from './layerWeights'

const spec = (name: string, shape: number[]) => ({ name, shape, dtype: 'float32' as const })

describe('layerWeights', () => {
  it('groups a layer’s weights in saved order and keeps each value where the specs put it', () => {
    // d/kernel [2, 2] = 1..4, d/bias [2] = 5, 6, out/kernel [2, 1] = 7, 8
    const weightData = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer
    const got = layerWeights({ weightSpecs: [spec('d/kernel', [2, 2]), spec('d/bias', [2]), spec('out/kernel', [2, 1])], weightData })
    expect(got.map((g) => g.layer)).toEqual(['d', 'out'])
    expect(got[0]!.weights).toEqual(['kernel [2, 2]', 'bias [2]'])
    expect([...got[0]!.values]).toEqual([1, 2, 3, 4, 5, 6])
    expect([...got[1]!.values]).toEqual([7, 8])
  })

  it('names specs that do not account for the buffer', () => {
    const weightData = new Float32Array(3).buffer
    expect(() => layerWeights({ weightSpecs: [spec('d/kernel', [2, 2])], weightData })).toThrow('d/kernel runs past the end of the weights (3 values)')
    expect(() => layerWeights({ weightSpecs: [spec('d/kernel', [2])], weightData })).toThrow('the weights hold 3 values but their specs 2')
    expect(() => layerWeights({ weightSpecs: [{ name: 'd/kernel', shape: [3], dtype: 'int32' }], weightData })).toThrow('d/kernel is int32')
  })
})
