import { cellEvent } from './actions'
import { useStudio } from './store'

/** Forgets metrics and backtests of a model that is no longer the one in the worker. */
export function resetEvaluation(): void {
  useStudio.setState((s) => ({ evaluate: { split: s.evaluate.split, selected: s.evaluate.selected, allCoins: s.evaluate.allCoins }, backtest: { selected: s.backtest.selected } }))
  cellEvent('evaluate', { type: 'reset' })
  cellEvent('backtest', { type: 'reset' })
}
