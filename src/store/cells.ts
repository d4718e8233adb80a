import { assertNever } from '../util/assert'

export type CellId = 'data' | 'features' | 'model' | 'train' | 'evaluate' | 'backtest' | 'export'

/** Notebook order: each cell reads what the one above produced. */
export const CELL_ORDER: readonly CellId[] = ['data', 'features', 'model', 'train', 'evaluate', 'backtest', 'export']

export const CELL_TITLES: Record<CellId, string> = {
  data: 'Data', features: 'Features', model: 'Model', train: 'Train', evaluate: 'Evaluate', backtest: 'Backtest', export: 'Export',
}

export type CellStatus = 'idle' | 'running' | 'done' | 'error'

/** Run state of one cell; config and output live elsewhere, as marimo keeps them. */
export interface CellRuntime {
  status: CellStatus
  /** The message of the last failure, shown in the cell; cleared when it runs again. */
  error?: string
  /** Epoch ms. */
  startedAt?: number
  finishedAt?: number
}

export type CellEvent =
  | { type: 'start'; at: number }
  | { type: 'succeed'; at: number }
  | { type: 'fail'; at: number; error: string }
  | { type: 'reset' }

export const IDLE: CellRuntime = { status: 'idle' }

/** Pure state machine of a cell's run status. Events that make no sense in a state leave it unchanged. */
export function transitionCell(cell: CellRuntime, event: CellEvent): CellRuntime {
  switch (event.type) {
    case 'start':
      return cell.status === 'running' ? cell : { status: 'running', startedAt: event.at }
    case 'succeed':
      return cell.status === 'running' ? { status: 'done', startedAt: cell.startedAt, finishedAt: event.at } : cell
    case 'fail':
      return cell.status === 'running' ? { status: 'error', error: event.error, startedAt: cell.startedAt, finishedAt: event.at } : cell
    case 'reset':
      return cell.status === 'running' ? cell : IDLE
    default:
      return assertNever(event)
  }
}
