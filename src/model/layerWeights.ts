import type { ModelArtifactsData } from './portable'

/** One layer's trainable values, all its weights (kernel, recurrent kernel, bias) in the saved order, as one array. */
export interface LayerWeights {
  layer: string
  /** The weights' own names (`kernel`, `bias`, …) with their shapes, as `kernel [8, 64]`. */
  weights: string[]
  values: Float32Array
}

/**
 * Saved weights grouped by layer (`h1_lstm1/kernel` belongs to `h1_lstm1`), in the order the specs list them.
 * The specs must account for the buffer exactly; anything else is named.
 */
export function layerWeights(a: Pick<ModelArtifactsData, 'weightSpecs' | 'weightData'>): LayerWeights[] {
  if (a.weightData.byteLength % 4 !== 0) throw new Error(`inspector: the weights hold ${a.weightData.byteLength} bytes, not whole float32 values`)
  const all = new Float32Array(a.weightData)
  const byLayer = new Map<string, { weights: string[]; parts: Float32Array[] }>()
  let at = 0
  for (const spec of a.weightSpecs) {
    if (spec.dtype !== undefined && spec.dtype !== 'float32') throw new Error(`inspector: weight ${spec.name} is ${spec.dtype}; the studio saves float32`)
    const cut = spec.name.lastIndexOf('/')
    const layer = cut < 0 ? spec.name : spec.name.slice(0, cut)
    const size = spec.shape.reduce((x, y) => x * y, 1)
    if (at + size > all.length) throw new Error(`inspector: weight ${spec.name} runs past the end of the weights (${all.length} values)`)
    const g = byLayer.get(layer) ?? { weights: [], parts: [] }
    g.weights.push(`${spec.name.slice(cut + 1)} [${spec.shape.join(', ')}]`)
    g.parts.push(all.subarray(at, at + size))
    byLayer.set(layer, g)
    at += size
  }
  if (at !== all.length) throw new Error(`inspector: the weights hold ${all.length} values but their specs ${at}`)
  return [...byLayer].map(([layer, g]) => {
    const values = new Float32Array(g.parts.reduce((n, p) => n + p.length, 0))
    let o = 0
    for (const p of g.parts) values.set(p, (o += p.length) - p.length)
    return { layer, weights: g.weights, values }
  })
}
