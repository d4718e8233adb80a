import type { BacktestConfig } from '../config/runConfig'
import { saveBytes } from '../data/sources'
import { backtest } from '../eval/backtest/backtest'
import { tradeColumns } from '../eval/backtest/trades'
import { baselineForecasts } from '../eval/baselineForecasts'
import { fitEwma } from '../eval/ewmaBaseline'
import { evalInput } from '../eval/inputs'
import type { CoinForecast } from '../eval/types'
import { encodeColumnsInWorker } from '../workers/dataClient'
import { cellAction, cellEvent, changed, exportStep, setConfig } from './actions'
import { evaluationLevels, runEvaluateCell, untrainedCoins } from './evalActions'
import { useStudio } from './store'
import { modelSession, runSnapshot } from './trainActions'

const set = useStudio.setState
const get = useStudio.getState

/** A change of settings arrived while a backtest ran: run again with them when it ends. */
let stale = false

/** Changes the backtest's settings (they travel in the run configuration); a backtest already shown is run again. */
export function setBacktestConfig(p: Partial<BacktestConfig>) {
  const status = get().cells.backtest.status
  setConfig({ ...get().config, backtest: { ...get().config.backtest, ...p } })
  if (status === 'running') stale = true
  else if (status === 'done' || status === 'error') void runBacktestCell()
}

export function selectBacktestCoin(symbol: string) {
  set((s) => ({ backtest: { ...s.backtest, selected: symbol } }))
}

/** The model's forecasts of a split: Evaluate's when it scored that split, else predicted now (and kept). */
async function forecastsOf(split: BacktestConfig['split']): Promise<{ forecasts: CoinForecast[]; ewmaLambda: number }> {
  const ev = get().evaluate
  if (ev.evaluation && ev.forecasts && ev.evaluation.split === split) return { forecasts: ev.forecasts, ewmaLambda: ev.evaluation.ewmaLambda }
  const kept = get().backtest.forecasts
  if (kept?.split === split) return kept
  const session = modelSession()
  const run = runSnapshot()
  if (!session || !run) throw new Error('backtest: there is no model; train one or load a saved one')
  const { evaluation, forecasts } = await session.evaluate({ split, levels: evaluationLevels(run) }, untrainedCoins(run))
  const got = { split, forecasts, ewmaLambda: evaluation.ewmaLambda }
  set((s) => ({ backtest: { ...s.backtest, forecasts: got } }))
  return got
}

/** Trades the chosen split's forecasts by the configured rule, beside buy-and-hold and the baselines; evaluates first if needed. */
export async function runBacktestCell(): Promise<void> {
  if (get().cells.backtest.status === 'running') return
  if (get().cells.evaluate.status !== 'done') await runEvaluateCell()
  if (get().cells.evaluate.status !== 'done') return
  cellEvent('backtest', { type: 'start', at: Date.now() })
  stale = false
  try {
    const cfg = get().config.backtest
    const { forecasts: all, ewmaLambda } = await forecastsOf(cfg.split)
    const known = all.map((f) => f.symbol)
    const missing = cfg.coins.filter((c) => !known.includes(c))
    if (missing.length) throw new Error(`backtest: ${missing.join(', ')} ha${missing.length > 1 ? 've' : 's'} no forecasts; choose among ${known.join(', ')} or leave the coins empty for all`)
    const forecasts = cfg.coins.length ? all.filter((f) => cfg.coins.includes(f.symbol)) : all
    const run = runSnapshot()
    if (!run) throw new Error('backtest: there is no model; train one or load a saved one')
    // the run's own features for the coins it trained on; the page's for the others (Evaluate checked they match)
    const features = new Map([...(get().features.coins ?? []), ...run.coins].map((c) => [c.symbol, c]))
    const inputs = forecasts.map((f) => {
      const coin = features.get(f.symbol)
      if (!coin) throw new Error(`backtest: ${f.symbol} has no features any more; run Features and Evaluate again`)
      return evalInput(coin, cfg.split, f)
    })
    const levels = evaluationLevels(run)
    const horizon = features.get(forecasts[0]?.symbol ?? '')?.horizon ?? 1
    // The baselines' forecasts of the same samples, as Evaluate made them: the decay it chose, each coin's own z.
    const made = baselineForecasts(inputs, levels, horizon, fitEwma(inputs, levels, horizon, [ewmaLambda]))
    const { coins: _, split, ...params } = cfg
    const out = backtest({ split, horizon, params, forecasts, baselines: Object.fromEntries(forecasts.map((f, i) => [f.symbol, made[i]!])), seed: get().config.train.seed })
    const selected = forecasts.some((f) => f.symbol === get().backtest.selected) ? get().backtest.selected : forecasts[0]?.symbol
    set((s) => ({ backtest: { ...s.backtest, result: out.backtest, paths: out.paths, selected } }))
    changed({ kind: 'output', cell: 'backtest' })
    cellEvent('backtest', { type: 'succeed', at: Date.now() })
  } catch (e) {
    cellEvent('backtest', { type: 'fail', at: Date.now(), error: (e as Error).message })
  }
  if (stale) await runBacktestCell()
}

/** backtest.json: the figures as the headless run writes them. */
export function downloadBacktest(): void {
  const r = get().backtest.result
  if (!r) return
  saveBytes(new TextEncoder().encode(JSON.stringify(r, null, 2)).buffer as ArrayBuffer, 'backtest.json', 'application/json')
}

/** symbol, open_time, side, position_before, position_after, price, fee: one row per position change, as Parquet. */
export function exportTrades(): Promise<void> {
  const { result, paths } = get().backtest
  if (!result || !paths) return Promise.resolve()
  return cellAction('backtest', async () => {
    const bytes = await exportStep(encodeColumnsInWorker(tradeColumns(paths.fills)))
    saveBytes(bytes, `trades-${result.split}.parquet`, 'application/vnd.apache.parquet')
  })
}
