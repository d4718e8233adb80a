import type { ReactNode } from 'react'
import type { CellId } from '../store/cells'
import { CELL_ORDER, CELL_TITLES } from '../store/cells'
import { setFolded, useFolds } from '../store/foldStore'
import { useStudio } from '../store/store'
import { formatDuration } from '../util/time'
import { cellSummary } from './summaries'

interface Props {
  id: CellId
  onRun?: () => void
  runLabel?: string
  children?: ReactNode
}

/** Moves the keyboard to a cell, as the outline and Shift+Enter do. */
export function focusCell(id: string): void {
  const el = document.getElementById(`cell-${id}`)
  el?.scrollIntoView({ block: 'start' })
  el?.focus({ preventScroll: true })
}

/**
 * A notebook cell: heading, Run button, run status, output, and the error of its last run. The output folds to a
 * summary line; Shift+Enter anywhere in the cell runs it and moves on to the next cell, as in Jupyter and Colab.
 */
export function Cell({ id, onRun, runLabel = 'Run', children }: Props) {
  const cell = useStudio((s) => s.cells[id])
  const summary = useStudio((s) => cellSummary(id, s))
  const open = useFolds((s) => s[id]) ?? true
  const title = CELL_TITLES[id]
  const took = cell.finishedAt !== undefined && cell.startedAt !== undefined ? ` in ${formatDuration(cell.finishedAt - cell.startedAt)}` : ''
  return (
    <section id={`cell-${id}`} tabIndex={-1} className={`cell cell-${cell.status}`} aria-labelledby={`cell-${id}-title`}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' || !e.shiftKey || !onRun) return
        e.preventDefault()
        if (cell.status !== 'running') onRun()
        const next = CELL_ORDER[CELL_ORDER.indexOf(id) + 1]
        if (next) focusCell(next)
      }}>
      <header className="cell-head">
        <h2 id={`cell-${id}-title`}>{title}</h2>
        <span className="cell-status" role="status" aria-label={`${title} status`}>
          {cell.status === 'stale' ? 'stale — settings changed since this ran' : cell.status}{cell.status === 'done' ? took : ''}
        </span>
        <button type="button" className="fold-cell" aria-expanded={open} aria-label={`${open ? 'Fold' : 'Unfold'} the ${title} output`} onClick={() => setFolded(id, !open)}>
          {open ? 'Fold' : 'Unfold'}
        </button>
        {onRun && (
          <button type="button" onClick={onRun} disabled={cell.status === 'running'}>
            {runLabel}
          </button>
        )}
      </header>
      {!open && <p className="cell-summary" aria-label={`${title} summary`}>{summary ?? 'no output yet'}</p>}
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
      <div className="cell-body" hidden={!open}>{children}</div>
    </section>
  )
}
