import { cellEvent } from './actions'
import { useStudio } from './store'

/** Forgets metrics of a model that is no longer the one in the worker. */
export function resetEvaluation(): void {
  useStudio.setState((s) => ({ evaluate: { split: s.evaluate.split, selected: s.evaluate.selected } }))
  cellEvent('evaluate', { type: 'reset' })
}
