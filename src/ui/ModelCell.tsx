import { useState } from 'react'
import { modelConfigSchema } from '../config/runConfig'
import type { ModelConfig } from '../model/types'
import { runModelCell, setModelConfig } from '../store/trainActions'
import { useStudio } from '../store/store'
import { Cell } from './Cell'
import { Inspector } from './Inspector'

const list = (v: number[]) => v.join(', ')
const parseList = (s: string) => s.split(/[\s,]+/).filter(Boolean).map(Number)

/** Sizes of the dual-stream network, its head and LSTM implementation, and a Keras-style summary. */
export function ModelCell() {
  const cfg = useStudio((s) => s.config.model)
  const summary = useStudio((s) => s.model.summary)
  const [error, setError] = useState<string>()
  const apply = (next: ModelConfig) => {
    const r = modelConfigSchema.safeParse(next)
    if (!r.success) return setError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    setError(undefined)
    setModelConfig(r.data)
  }
  const field = (label: string, key: 'h1Lstm' | 'm15Conv' | 'm15Lstm' | 'dense') => (
    <label>
      {label} <input defaultValue={list(cfg[key])} size={8} onChange={(e) => apply({ ...cfg, [key]: parseList(e.target.value) })} />
    </label>
  )
  return (
    <Cell id="model" onRun={() => void runModelCell()}>
      <div className="row">
        {field('1h LSTM units', 'h1Lstm')}
        {field('15m Conv1D filters', 'm15Conv')}
        {field('15m LSTM units', 'm15Lstm')}
        {field('Dense units', 'dense')}
        <label>Dropout <input type="number" step={0.05} defaultValue={cfg.dropout} onChange={(e) => apply({ ...cfg, dropout: Number(e.target.value) })} /></label>
        <label>
          Output
          <select value={cfg.head.kind} onChange={(e) => apply({ ...cfg, head: e.target.value === 'quantiles' ? { kind: 'quantiles', quantiles: [0.1, 0.5, 0.9] } : { kind: 'value', threshold: 0.02, weight: 5 } })}>
            <option value="quantiles">quantiles q10 / q50 / q90 (pinball loss)</option>
            <option value="value">one value (MSE, 5× on moves over 2 %)</option>
          </select>
        </label>
        {cfg.head.kind === 'quantiles' && (
          <label title="On 1h returns no model predicts the median beyond 0; a learned median overfits and drags the band with it">
            <input type="checkbox" checked={cfg.head.median === 'zero'} onChange={(e) => cfg.head.kind === 'quantiles' && apply({ ...cfg, head: e.target.checked ? { ...cfg.head, median: 'zero' } : { kind: 'quantiles', quantiles: cfg.head.quantiles } })} />
            median pinned at 0 (learn only the band)
          </label>
        )}
        {cfg.head.kind === 'value' && (
          <>
            <label>Big move (|log return| &gt;) <input type="number" step={0.005} defaultValue={cfg.head.threshold} onChange={(e) => cfg.head.kind === 'value' && apply({ ...cfg, head: { ...cfg.head, threshold: Number(e.target.value) } })} /></label>
            <label>Weight on big moves <input type="number" step={1} defaultValue={cfg.head.weight} onChange={(e) => cfg.head.kind === 'value' && apply({ ...cfg, head: { ...cfg.head, weight: Number(e.target.value) } })} /></label>
          </>
        )}
        <label>
          LSTM
          <select value={cfg.lstm} onChange={(e) => apply({ ...cfg, lstm: e.target.value as ModelConfig['lstm'] })}>
            <option value="fused">fused (whole sequence per kernel)</option>
            <option value="stock">stock tf.layers.lstm</option>
          </select>
        </label>
      </div>
      {error && <p className="field-error" role="alert">Model: {error}</p>}
      {summary && (
        <table className="series" aria-label="Model summary">
          <thead><tr><th>Layer</th><th>Type</th><th>Output shape</th><th className="num">Parameters</th></tr></thead>
          <tbody>
            {summary.rows.map((r) => <tr key={r.name}><td>{r.name}</td><td>{r.type}</td><td>{r.outputShape}</td><td className="num">{r.params.toLocaleString('en')}</td></tr>)}
            <tr><td colSpan={3}><strong>Total parameters</strong></td><td className="num"><strong>{summary.total.toLocaleString('en')}</strong></td></tr>
          </tbody>
        </table>
      )}
      <Inspector />
    </Cell>
  )
}
