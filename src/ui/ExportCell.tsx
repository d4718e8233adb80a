import { useEffect, useState } from 'react'
import { deleteSavedRun, downloadMetrics, downloadModel, exportPredictions, loadModelFiles, loadSavedRun, refreshSavedRuns, saveToBrowser } from '../store/exportActions'
import { copyShareLink } from '../store/shareActions'
import { useStudio } from '../store/store'
import { Cell } from './Cell'
import { FilesPicker } from './FilesPicker'
import { num, pct } from './format'
import { TorchExport } from './TorchExport'

/** Keep the model (browser or files), bring one back, export predictions and metrics, share the configuration. */
export function ExportCell() {
  const x = useStudio((s) => s.exports)
  // a stale model is still the run it was: it can be saved as that run
  const trained = useStudio((s) => !!s.train.snapshot && (s.cells.train.status === 'done' || s.cells.train.status === 'stale'))
  const runId = useStudio((s) => s.train.snapshot?.runId)
  const evaluated = useStudio((s) => !!s.evaluate.evaluation)
  const busy = useStudio((s) => s.cells.export.status === 'running')
  const [name, setName] = useState('')
  useEffect(() => void refreshSavedRuns(), [])
  return (
    <Cell id="export">
      <div className="row">
        <label>Name <input value={name} placeholder="coins · head · time" onChange={(e) => setName(e.target.value)} /></label>
        <button type="button" disabled={!trained || busy} onClick={() => void saveToBrowser(name.trim() || undefined)}>Save to browser</button>
        <button type="button" disabled={!trained || busy} onClick={() => void downloadModel()}>Download model</button>
        <FilesPicker label="Load model files" accept=".json,.bin,.safetensors" disabled={busy} onFiles={(files) => void loadModelFiles(files)} />
      </div>
      <div className="row">
        <button type="button" disabled={!evaluated || busy} onClick={() => void exportPredictions()}>Export predictions</button>
        <button type="button" disabled={!evaluated} onClick={downloadMetrics}>Download metrics.json</button>
        <button type="button" onClick={() => void copyShareLink('page')}>Copy share link of the page's settings</button>
        <button type="button" disabled={!trained} onClick={() => void copyShareLink('run')}>Copy share link of the trained run</button>
      </div>
      {trained && runId && <p className="muted" aria-label="Trained run">Save, Download and the run's share link write run {runId}: the settings it was trained with, not the page's.</p>}
      <TorchExport />
      {x.shareLink && <input className="share-link" readOnly value={x.shareLink} aria-label="Share link" onFocus={(e) => e.target.select()} />}
      {x.notes.length > 0 && <ul className="notes" aria-label="Export notes">{x.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
      {x.saved && x.saved.length === 0 && <p className="muted">No runs saved in this browser yet.</p>}
      {x.saved && x.saved.length > 0 && (
        <table className="series" aria-label="Saved runs">
          <thead><tr><th>Name</th><th>Saved</th><th>Data</th><th className="num">Pinball / MAE</th><th className="num">Direction</th><th /></tr></thead>
          <tbody>
            {x.saved.map(({ id, record: r }) => {
              const m = r.evaluation?.model
              return (
                <tr key={id}>
                  <td>{r.name}</td>
                  <td>{r.savedAt.slice(0, 16).replace('T', ' ')} UTC</td>
                  <td>{r.coins.map((c) => c.symbol).join(' ')} · {r.data.source}</td>
                  <td className="num">{m ? (m.pinball ? num(m.pinball.mean) : num(m.mae)) : 'not evaluated'}</td>
                  <td className="num">{m ? pct(m.directionAccuracy) : ''}</td>
                  <td>
                    <button type="button" disabled={busy} onClick={() => void loadSavedRun(id)} aria-label={`Load ${r.name}`}>Load</button>{' '}
                    <button type="button" disabled={busy} onClick={() => void deleteSavedRun(id)} aria-label={`Delete ${r.name}`}>Delete</button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </Cell>
  )
}
