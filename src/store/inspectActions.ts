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
 * The worker's model as the inspector shows it. The summary is the Model cell's when it describes this model (the
 * same layers with weights, the same counts), and the layers follow it; otherwise (a loaded model, settings edited
 * since training) the model is summarized from its weights: the layers that hold weights and their counts.
 */
export async function inspectModel(): Promise<Inspection> {
  const session = modelSession()
  if (!session) throw new Error('inspector: there is no trained model; train one or load a saved one first')
  const layers = layerWeights(await session.artifacts())
  const summary = useStudio.getState().model.summary
  // The Model cell's summary describes the page's settings; it is this model's only if its weighted layers are these
  const params = new Map(summary?.rows.filter((r) => r.params > 0).map((r) => [r.name, r.params]))
  if (summary && params.size === layers.length && layers.every((l) => params.get(l.layer) === l.values.length)) {
    // in the summary's order (the saved weights follow the graph's, which interleaves the two streams)
    const at = new Map(summary.rows.map((r, i) => [r.name, i]))
    return { ...summary, layers: [...layers].sort((a, b) => (at.get(a.layer) ?? Infinity) - (at.get(b.layer) ?? Infinity)) }
  }
  const rows = layers.map((l) => ({ name: l.layer, type: l.weights.join(', '), outputShape: '', params: l.values.length }))
  return { rows, total: rows.reduce((n, r) => n + r.params, 0), layers }
}
