import type { Levels, Split } from '../eval/types'
import { cellEvent } from './actions'
import { resetEvaluation } from './evalReset'
import { useStudio } from './store'
import { modelSession, runTrainCell, trainingCoins } from './trainActions'

const set = useStudio.setState
const get = useStudio.getState

/** Quantile levels the metrics score: the head's, or the usual 10/50/90 for baselines next to a one-value model. */
export function evaluationLevels(): Levels {
  const head = get().config.model.head
  return head.kind === 'quantiles' ? head.quantiles : [0.1, 0.5, 0.9]
}

export function setEvaluationSplit(split: Split) {
  if (split === get().evaluate.split) return
  set((s) => ({ evaluate: { ...s.evaluate, split } }))
  if (get().cells.evaluate.status === 'done') void runEvaluateCell()
  else resetEvaluation()
}

/** Whether Evaluate also scores loaded coins the model never trained on; re-evaluates when it has run. */
export function setEvaluateAllCoins(allCoins: boolean) {
  set((s) => ({ evaluate: { ...s.evaluate, allCoins } }))
  if (get().cells.evaluate.status === 'done') void runEvaluateCell()
}

export function selectEvaluationCoin(symbol: string) {
  set((s) => ({ evaluate: { ...s.evaluate, selected: symbol } }))
}

/** Forecasts the chosen split with the model in the worker and scores it against the baselines; trains first if needed. */
export async function runEvaluateCell(): Promise<void> {
  if (get().cells.evaluate.status === 'running') return
  if (get().cells.train.status !== 'done' || !modelSession()) await runTrainCell()
  const session = modelSession()
  if (get().cells.train.status !== 'done' || !session) return
  cellEvent('evaluate', { type: 'start', at: Date.now() })
  try {
    const split = get().evaluate.split
    const trainedOn = new Set(trainingCoins().coins.map((c) => c.symbol))
    const extra = get().evaluate.allCoins ? (get().features.coins ?? []).filter((c) => !trainedOn.has(c.symbol)) : []
    const { evaluation, forecasts } = await session.evaluate({ split, levels: evaluationLevels() }, extra)
    if (evaluation.samples === 0) throw new Error(`evaluate: the ${split} split has no samples; load more history or change the split fractions`)
    const selected = forecasts.some((f) => f.symbol === get().evaluate.selected) ? get().evaluate.selected : forecasts[0]?.symbol
    // forecasts the Backtest kept of another split may be of other coins now (the unseen-coins choice)
    set((s) => ({ evaluate: { ...s.evaluate, evaluation, forecasts, selected }, backtest: { ...s.backtest, forecasts: undefined } }))
    cellEvent('evaluate', { type: 'succeed', at: Date.now() })
  } catch (e) {
    cellEvent('evaluate', { type: 'fail', at: Date.now(), error: (e as Error).message })
  }
}
