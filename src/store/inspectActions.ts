import { layerWeights, type LayerWeights } from '../model/layerWeights'
import type { LayerRow } from '../model/types'
import { useStudio } from './store'
import { modelSession } from './trainActions'

/** What the model inspector shows: the summary rows and total, and each layer's weights from the training worker. */
export interface Inspection {
  rows: LayerRow[]
  total: number
  layers: LayerWeights[]
}

/**
 * The worker's model as the inspector shows it. The summary is the Model cell's when it has one, and the layers
 * follow it; a loaded model
 * without one is summarized from its weights (layers that hold weights, their parameter counts).
 */
export async function inspectModel(): Promise<Inspection> {
  const session = modelSession()
  if (!session) throw new Error('inspector: there is no trained model; train one or load a saved one first')
  const layers = layerWeights(await session.artifacts())
  const summary = useStudio.getState().model.summary
  if (summary) {
    // in the summary's order (the saved weights follow the graph's, which interleaves the two streams)
    const at = new Map(summary.rows.map((r, i) => [r.name, i]))
    return { ...summary, layers: [...layers].sort((a, b) => (at.get(a.layer) ?? Infinity) - (at.get(b.layer) ?? Infinity)) }
  }
  const rows = layers.map((l) => ({ name: l.layer, type: l.weights.join(', '), outputShape: '', params: l.values.length }))
  return { rows, total: rows.reduce((n, r) => n + r.params, 0), layers }
}
