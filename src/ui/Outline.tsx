import { CELL_ORDER, CELL_TITLES } from '../store/cells'
import { useStudio } from '../store/store'
import { focusCell } from './Cell'
import { cellSummary } from './summaries'

/** A slim list of the cells beside them: each one's status and summary, a click away. */
export function Outline() {
  const cells = useStudio((s) => s.cells)
  const summaries = useStudio((s) => CELL_ORDER.map((id) => cellSummary(id, s) ?? '').join('\n'))
  const lines = summaries.split('\n')
  return (
    <nav className="outline" aria-label="Outline">
      <ol>
        {CELL_ORDER.map((id, i) => (
          <li key={id}>
            <button type="button" className={`outline-item status-${cells[id].status}`} title={lines[i] || undefined} onClick={() => focusCell(id)}>
              <span className="dot" aria-hidden="true" /> {CELL_TITLES[id]} <span className="outline-status">{cells[id].status}</span>
            </button>
          </li>
        ))}
        <li><button type="button" className="outline-item" onClick={() => focusCell('runs')}>Runs</button></li>
      </ol>
    </nav>
  )
}
