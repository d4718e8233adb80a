import type { Levels, Split } from '../eval/types'
import type { RunSnapshot } from '../export/runSnapshot'
import { cellEvent, changed } from './actions'
import { useStudio } from './store'
import { modelSession, runSnapshot, runTrainCell } from './trainActions'

const set = useStudio.setState
const get = useStudio.getState

/** Quantile levels the metrics score: the trained head's, or the usual 10/50/90 for baselines next to a one-value model. */
export function evaluationLevels(run: RunSnapshot): Levels {
  const head = run.config.model.head
  return head.kind === 'quantiles' ? head.quantiles : [0.1, 0.5, 0.9]
}

/**
 * The loaded coins the run never trained on, when Evaluate is to score them too. Their features must be built as
 * the run's were: the model reads columns by position.
 */
export function untrainedCoins(run: RunSnapshot) {
  if (!get().evaluate.allCoins) return []
  const { features, names } = { features: get().config.features, names: get().features.names ?? [] }
  if (JSON.stringify(features) !== JSON.stringify(run.config.features) || names.join() !== run.featureNames.join()) {
    throw new Error(`evaluate: the Features cell now builds other features than run ${run.runId} was trained on; the coins it never trained on can only be scored with its own (${run.featureNames.join(', ')}) — train again or set the run's features back`)
  }
  const trainedOn = new Set(run.coins.map((c) => c.symbol))
  return (get().features.coins ?? []).filter((c) => !trainedOn.has(c.symbol))
}

/** The Evaluate cell's own settings changed: rerun when it had run, else mark it and what follows stale. */
function evaluateSettingsChanged() {
  const wasDone = get().cells.evaluate.status === 'done'
  changed({ kind: 'settings', cell: 'evaluate' })
  if (wasDone) void runEvaluateCell()
}

export function setEvaluationSplit(split: Split) {
  if (split === get().evaluate.split) return
  set((s) => ({ evaluate: { ...s.evaluate, split } }))
  evaluateSettingsChanged()
}

/** Whether Evaluate also scores loaded coins the model never trained on; re-evaluates when it has run. */
export function setEvaluateAllCoins(allCoins: boolean) {
  set((s) => ({ evaluate: { ...s.evaluate, allCoins } }))
  evaluateSettingsChanged()
}

export function selectEvaluationCoin(symbol: string) {
  set((s) => ({ evaluate: { ...s.evaluate, selected: symbol } }))
}

/** Forecasts the chosen split with the model in the worker and scores it against the baselines; trains first if needed. */
export async function runEvaluateCell(): Promise<void> {
  if (get().cells.evaluate.status === 'running') return
  if (get().cells.train.status !== 'done' || !modelSession()) await runTrainCell()
  const session = modelSession()
  const run = runSnapshot()
  if (get().cells.train.status !== 'done' || !session || !run) return
  cellEvent('evaluate', { type: 'start', at: Date.now() })
  try {
    const split = get().evaluate.split
    const { evaluation, forecasts } = await session.evaluate({ split, levels: evaluationLevels(run) }, untrainedCoins(run))
    if (evaluation.samples === 0) throw new Error(`evaluate: the ${split} split has no samples; load more history or change the split fractions`)
    const selected = forecasts.some((f) => f.symbol === get().evaluate.selected) ? get().evaluate.selected : forecasts[0]?.symbol
    // forecasts the Backtest kept of another split may be of other coins now (the unseen-coins choice)
    set((s) => ({ evaluate: { ...s.evaluate, evaluation, forecasts, selected, runId: run.runId }, backtest: { ...s.backtest, forecasts: undefined } }))
    changed({ kind: 'output', cell: 'evaluate' })
    cellEvent('evaluate', { type: 'succeed', at: Date.now() })
  } catch (e) {
    cellEvent('evaluate', { type: 'fail', at: Date.now(), error: (e as Error).message })
  }
}
