import type { RunConfig } from '../config/runConfig'
import { CELL_ORDER, transitionCell, type CellId, type CellRuntime } from './cells'

/**
 * What changed: a cell's own settings (its slice of the configuration, or the Evaluate cell's split and coin
 * choice), or a cell's output (a new dataset, new features, a new model in the worker…).
 */
export type Change = { kind: 'settings'; cell: CellId } | { kind: 'output'; cell: CellId }

/**
 * The cells whose inputs a change touches: the cell itself and every later one for settings, every later one for
 * output. Export computes nothing: its status is how its last action (a save, a load) went, an event that a later
 * change cannot undo — and a load, which rebuilds features, would otherwise mark its own success stale.
 */
export function affectedCells(change: Change): CellId[] {
  const at = CELL_ORDER.indexOf(change.cell)
  return CELL_ORDER.slice(change.kind === 'settings' ? at : at + 1).filter((id) => id !== 'export')
}

/**
 * The one invalidation rule: every affected cell that has run becomes stale ("settings changed since this ran"),
 * and one running ends stale. Outputs are kept (a stale model can still be saved as the run it was); a Run of a
 * later cell runs whatever is not done first.
 */
export function invalidate(cells: Readonly<Record<CellId, CellRuntime>>, change: Change): Record<CellId, CellRuntime> {
  const out = { ...cells }
  for (const id of affectedCells(change)) out[id] = transitionCell(out[id], { type: 'invalidate' })
  return out
}

/** Which cell owns each part of the run configuration. */
export const CONFIG_OWNER: Record<Exclude<keyof RunConfig, 'version'>, CellId> = {
  data: 'data', features: 'features', model: 'model', train: 'train', backend: 'train', backtest: 'backtest',
}

/** The first cell, in notebook order, whose part of the configuration differs between two configurations. */
export function firstChanged(before: RunConfig, after: RunConfig): CellId | undefined {
  const changed = (Object.keys(CONFIG_OWNER) as (keyof typeof CONFIG_OWNER)[])
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => CONFIG_OWNER[k])
  return CELL_ORDER.find((id) => changed.includes(id))
}
