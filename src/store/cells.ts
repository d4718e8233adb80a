import { assertNever } from '../util/assert'

export type CellId = 'data' | 'features' | 'model' | 'train' | 'evaluate' | 'backtest' | 'export'

/** Notebook order: each cell reads what the one above produced. */
export const CELL_ORDER: readonly CellId[] = ['data', 'features', 'model', 'train', 'evaluate', 'backtest', 'export']

export const CELL_TITLES: Record<CellId, string> = {
  data: 'Data', features: 'Features', model: 'Model', train: 'Train', evaluate: 'Evaluate', backtest: 'Backtest', export: 'Export',
}

/** `stale`: it ran, then its settings or an upstream cell's output changed; its output is of the old inputs. */
export type CellStatus = 'idle' | 'running' | 'done' | 'stale' | 'error'

/** Run state of one cell; config and output live elsewhere, as marimo keeps them. */
export interface CellRuntime {
  status: CellStatus
  /** The message of the last failure, shown in the cell; cleared when it runs again. */
  error?: string
  /** Epoch ms. */
  startedAt?: number
  finishedAt?: number
  /** Its inputs changed while it ran: it ends stale, not done. */
  invalidated?: true
  /**
   * The failure of an action the cell owns that is not its run (Export Parquet in the Data cell): shown in the
   * cell, never changing its status, so a failed export neither fails a fetch nor makes the next Run reload.
   */
  actionError?: string
}

export type CellEvent =
  | { type: 'start'; at: number }
  | { type: 'succeed'; at: number }
  | { type: 'fail'; at: number; error: string }
  /** Its inputs changed (see invalidate.ts). */
  | { type: 'invalidate' }
  | { type: 'actionFailed'; error: string }
  | { type: 'actionSucceeded' }

export const IDLE: CellRuntime = { status: 'idle' }

/** Pure state machine of a cell's run status. Events that make no sense in a state leave it unchanged. */
export function transitionCell(cell: CellRuntime, event: CellEvent): CellRuntime {
  switch (event.type) {
    case 'start':
      return cell.status === 'running' ? cell : { status: 'running', startedAt: event.at }
    case 'succeed':
      return cell.status === 'running' ? { status: cell.invalidated ? 'stale' : 'done', startedAt: cell.startedAt, finishedAt: event.at } : cell
    case 'fail':
      return cell.status === 'running' ? { status: 'error', error: event.error, startedAt: cell.startedAt, finishedAt: event.at } : cell
    case 'invalidate':
      if (cell.status === 'running') return { ...cell, invalidated: true }
      return cell.status === 'done' ? { ...cell, status: 'stale' } : cell
    case 'actionFailed':
      return { ...cell, actionError: event.error }
    case 'actionSucceeded': {
      const { actionError: _, ...rest } = cell
      return rest
    }
    default:
      return assertNever(event)
  }
}
