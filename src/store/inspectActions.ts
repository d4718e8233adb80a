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
 * The worker's model as the inspector shows it. The summary is the Model cell's when it has one; a loaded model
 * without one is summarized from its weights (layers that hold weights, their parameter counts).
 */
export async function inspectModel(): Promise<Inspection> {
  const session = modelSession()
  if (!session) throw new Error('inspector: there is no trained model; train one or load a saved one first')
  const layers = layerWeights(await session.artifacts())
  const summary = useStudio.getState().model.summary
  if (summary) return { ...summary, layers }
  const rows = layers.map((l) => ({ name: l.layer, type: l.weights.join(', '), outputShape: '', params: l.values.length }))
  return { rows, total: rows.reduce((n, r) => n + r.params, 0), layers }
}
