import type { Levels, Split } from '../eval/types'
import { predictionColumns } from '../eval/predictionsTable'
import { saveBytes } from '../data/sources'
import { encodeColumnsInWorker } from '../workers/dataClient'
import { cellEvent } from './actions'
import { resetEvaluation } from './evalReset'
import { useStudio } from './store'
import { modelSession, runTrainCell } from './trainActions'

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
    const { evaluation, forecasts } = await session.evaluate({ split, levels: evaluationLevels() })
    if (evaluation.samples === 0) throw new Error(`evaluate: the ${split} split has no samples; load more history or change the split fractions`)
    const selected = forecasts.some((f) => f.symbol === get().evaluate.selected) ? get().evaluate.selected : forecasts[0]?.symbol
    set((s) => ({ evaluate: { ...s.evaluate, evaluation, forecasts, selected } }))
    cellEvent('evaluate', { type: 'succeed', at: Date.now() })
  } catch (e) {
    cellEvent('evaluate', { type: 'fail', at: Date.now(), error: (e as Error).message })
  }
}

/** symbol, open_time, close, next_close, q10, q50, q90 of every evaluated sample, as Parquet. */
export async function exportPredictions(): Promise<void> {
  const { forecasts, split } = get().evaluate
  if (!forecasts) return
  try {
    const bytes = await encodeColumnsInWorker(predictionColumns(forecasts))
    saveBytes(bytes, `predictions-${split}.parquet`, 'application/vnd.apache.parquet')
  } catch (e) {
    exportFailed(`export: predictions not written (${(e as Error).message})`)
  }
}

/** metrics.json: the evaluation as the headless run writes it. */
export function downloadMetrics(): void {
  const ev = get().evaluate.evaluation
  if (!ev) return
  saveBytes(new TextEncoder().encode(JSON.stringify(ev, null, 2)).buffer as ArrayBuffer, 'metrics.json', 'application/json')
}

/** An export failure belongs to the Export cell; what the cell showed before stays. */
export function exportFailed(message: string): void {
  cellEvent('export', { type: 'start', at: Date.now() })
  cellEvent('export', { type: 'fail', at: Date.now(), error: message })
}
