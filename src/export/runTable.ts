import type { OutColumn } from '../data/parquet'
import { BASELINES } from '../eval/types'
import { flattenConfig, headline, type HistoryEntry, type Leaf } from './runHistory'

/** A flat table cell: a number (NaN when missing) or a string ('' when missing). */
type Flat = number | string

/** The fixed columns of the flat export, before the run's settings (`config.*`), in this order. */
function fixed(e: HistoryEntry): [string, Flat][] {
  const h = headline(e)
  const t = e.record.training
  return [
    ['id', e.id],
    ['name', e.record.name],
    ['outcome', e.outcome],
    ['started_at', e.startedAt],
    ['ended_at', e.endedAt],
    ['train_ms', h.trainMs],
    ['backend', t?.backend ?? ''],
    ['lstm', t?.lstm ?? ''],
    ['epochs', t?.epochs ?? e.epochs.length],
    ['best_epoch', t ? t.bestEpoch + 1 : NaN],
    ['best_val_loss', h.bestValLoss ?? NaN],
    ['stop_reason', t?.stopReason ?? ''],
    ['samples_per_sec', e.samplesPerSec ?? NaN],
    ['params', e.record.params ?? NaN],
    ['coins', e.record.coins.map((c) => c.symbol).join(' ')],
    ['data_fingerprint', e.record.data.fingerprint],
    ['eval_split', e.record.evaluation?.split ?? ''],
    ...BASELINES.map((b): [string, Flat] => [`skill_${b}`, h.skill[b] ?? NaN]),
    ['coverage', h.coverage ?? NaN],
    ['pinball_mean', e.record.evaluation?.model.pinball?.mean ?? NaN],
    ['direction_accuracy', e.record.evaluation?.model.directionAccuracy ?? NaN],
    ['sharpe', h.sharpe ?? NaN],
    ['total_return', e.backtest?.totalReturn ?? NaN],
    ['max_drawdown', e.backtest?.maxDrawdown ?? NaN],
    ['weights_kept', e.weights ? 'yes' : 'no'],
  ]
}

const TIMES = new Set(['started_at', 'ended_at'])

/**
 * Every run as one row of flat columns: identity and outcome, training figures, headline metrics (NaN where the run
 * was not scored), then each setting as `config.<path>`. A column is numeric when every run that has it holds a
 * number; otherwise its values are written as text (booleans as true / false).
 */
export function flatRunColumns(entries: readonly HistoryEntry[]): OutColumn[] {
  const rows = entries.map((e) => new Map<string, Flat | Leaf>([...fixed(e), ...Object.entries(flattenConfig(e.record.config)).map(([k, v]): [string, Leaf] => [`config.${k}`, v])]))
  const names = [...new Set(rows.flatMap((r) => [...r.keys()]))]
  return names.map((name): OutColumn => {
    const values = rows.map((r) => r.get(name))
    if (TIMES.has(name)) return { name, type: 'TIME_MS', data: Float64Array.from(values as number[]) }
    const numeric = values.every((v) => v === undefined || v === null || typeof v === 'number')
    if (numeric) return { name, type: 'DOUBLE', data: Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN)) }
    return { name, type: 'STRING', data: values.map((v) => (v === undefined || v === null ? '' : String(v))) }
  })
}

/** runs.json: every run as the Runs panel keeps it, for scripts. */
export function runsJson(entries: readonly HistoryEntry[], now = new Date()): string {
  return JSON.stringify({ format: 'crypto-studio-runs', version: 1, exportedAt: now.toISOString(), runs: entries }, null, 2)
}
