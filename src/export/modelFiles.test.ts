import { describe, expect, it } from 'vitest'
import { fromModelFiles, isModelJson, toModelFiles } from './modelFiles'

const artifacts = {
  modelTopology: { class_name: 'Model', config: {} },
  weightSpecs: [{ name: 'd/kernel', shape: [2, 3], dtype: 'float32' as const }, { name: 'd/bias', shape: [3], dtype: 'float32' as const }],
  weightData: Float32Array.from({ length: 9 }, (_, i) => i / 7).buffer,
}

describe('model files', () => {
  it('round trip: model.json names weights.bin, and the bytes come back as they went', () => {
    const { modelJson, weights } = toModelFiles(artifacts)
    const json = JSON.parse(modelJson)
    expect(json).toMatchObject({ format: 'layers-model', weightsManifest: [{ paths: ['./weights.bin'] }] })
    expect(isModelJson(json)).toBe(true)
    const back = fromModelFiles(json, new Map([['weights.bin', weights]]))
    expect(back.weightSpecs).toEqual(artifacts.weightSpecs)
    expect(new Float32Array(back.weightData)).toEqual(new Float32Array(artifacts.weightData))
  })

  it('forgives a browser that renamed the download, when only one weights file is picked', () => {
    const { modelJson, weights } = toModelFiles(artifacts)
    expect(fromModelFiles(JSON.parse(modelJson), new Map([['weights (1).bin', weights]])).weightData.byteLength).toBe(36)
  })

  it('names the missing weights file and refuses weights of another size', () => {
    const json = JSON.parse(toModelFiles(artifacts).modelJson)
    expect(() => fromModelFiles(json, new Map())).toThrow('load: model.json needs the weights file weights.bin; pick it together with model.json')
    expect(() => fromModelFiles(json, new Map([['weights.bin', new ArrayBuffer(32)]]))).toThrow('load: the weights files hold 32 bytes but model.json declares 36; they are not from the same model')
  })

  it('tells a model.json from other JSON', () => {
    expect(isModelJson({ format: 'crypto-studio-run' })).toBe(false)
    expect(isModelJson(null)).toBe(false)
    expect(isModelJson({ modelTopology: {}, weightsManifest: [] })).toBe(true)
  })
})
