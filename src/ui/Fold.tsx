import type { ReactNode } from 'react'
import { setFolded, useFolds } from '../store/foldStore'

/** Tables longer than this start folded to their summary line: they would push the cells below out of sight. */
export const FOLD_ROWS = 12

/** An output that folds to one line: its name and a summary. Big outputs (more than FOLD_ROWS rows) start folded. */
export function Fold({ id, label, summary, rows, children }: { id: string; label: string; summary: string; rows: number; children: ReactNode }) {
  const choice = useFolds((s) => s[id])
  const open = choice ?? rows <= FOLD_ROWS
  return (
    <div className={`fold${open ? ' open' : ''}`}>
      <button type="button" className="fold-toggle" aria-expanded={open} onClick={() => setFolded(id, !open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {label}: {summary}
      </button>
      {open && children}
    </div>
  )
}
