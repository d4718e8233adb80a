import type { ReactNode } from 'react'
import type { CellId } from '../store/cells'
import { CELL_TITLES } from '../store/cells'
import { useStudio } from '../store/store'
import { formatDuration } from '../util/time'

interface Props {
  id: CellId
  onRun?: () => void
  runLabel?: string
  children?: ReactNode
}

/** A notebook cell: heading, Run button, run status, output, and the error of its last run. */
export function Cell({ id, onRun, runLabel = 'Run', children }: Props) {
  const cell = useStudio((s) => s.cells[id])
  const title = CELL_TITLES[id]
  const took = cell.finishedAt !== undefined && cell.startedAt !== undefined ? ` in ${formatDuration(cell.finishedAt - cell.startedAt)}` : ''
  return (
    <section className={`cell cell-${cell.status}`} aria-labelledby={`cell-${id}-title`}>
      <header className="cell-head">
        <h2 id={`cell-${id}-title`}>{title}</h2>
        <span className="cell-status" role="status" aria-label={`${title} status`}>
          {cell.status === 'stale' ? 'stale — settings changed since this ran' : cell.status}{cell.status === 'done' ? took : ''}
        </span>
        {onRun && (
          <button type="button" onClick={onRun} disabled={cell.status === 'running'}>
            {runLabel}
          </button>
        )}
      </header>
      {cell.status === 'error' && cell.error && (
        <div className="cell-error" role="alert">
          {cell.error}
        </div>
      )}
      {cell.actionError && (
        <div className="cell-error" role="alert" aria-label={`${title} action error`}>
          {cell.actionError}
        </div>
      )}
      <div className="cell-body">{children}</div>
    </section>
  )
}
