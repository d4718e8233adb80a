import { useRef, useState } from 'react'
import { inspectModel } from '../store/inspectActions'
import { useStudio } from '../store/store'

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)

/**
 * "Open inspector": tfjs-vis's views of the model in the worker — the summary table and one histogram of each
 * layer's weights — rendered into this panel. tfjs-vis (and the TensorFlow.js it carries) loads with the click,
 * not with the page; the open is a performance.measure named 'inspector open' (import, weights, first render).
 */
export function Inspector() {
  const trained = useStudio((s) => !!s.train.snapshot && (s.cells.train.status === 'done' || s.cells.train.status === 'stale'))
  const [state, setState] = useState<'closed' | 'opening' | 'open'>('closed')
  const [error, setError] = useState<string>()
  const panel = useRef<HTMLDivElement>(null)
  const open = async () => {
    setState('opening')
    setError(undefined)
    performance.clearMarks('inspector open')
    performance.clearMeasures('inspector open')
    performance.mark('inspector open')
    try {
      const [{ render }, model] = await Promise.all([import('./inspectorVis'), inspectModel()])
      const root = panel.current!
      root.replaceChildren()
      const summary = document.createElement('div')
      summary.setAttribute('aria-label', 'Inspector model summary')
      root.append(summary)
      render.table(summary, {
        headers: ['Layer', 'Type', 'Output shape', 'Parameters'],
        // tfjs-vis writes cells as HTML: names from a loaded model's files are escaped to show as text
        values: [...model.rows.map((r) => [escapeHtml(r.name), escapeHtml(r.type), r.outputShape, r.params]), ['Total parameters', '', '', model.total]],
      })
      await Promise.all(model.layers.map((l) => {
        const box = document.createElement('figure')
        box.className = 'inspector-histogram'
        box.setAttribute('aria-label', `Weights of ${l.layer}`)
        const caption = document.createElement('figcaption')
        caption.textContent = `${l.layer}: ${l.weights.join(', ')}`
        const chart = document.createElement('div')
        box.append(caption, chart)
        root.append(box)
        return render.histogram(chart, l.values, { width: 360, height: 160 })
      }))
      performance.measure('inspector open', 'inspector open')
      setState('open')
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setState('closed')
    }
  }
  return (
    <div className="inspector">
      <button type="button" disabled={!trained || state === 'opening'} onClick={() => void (state === 'open' ? (panel.current!.replaceChildren(), setState('closed')) : open())}>
        {state === 'open' ? 'Close inspector' : 'Open inspector'}
      </button>
      {error && <p className="field-error" role="alert">Inspector: {error}</p>}
      <div ref={panel} role="region" aria-label="Model inspector" />
    </div>
  )
}
