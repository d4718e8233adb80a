import { useState } from 'react'
import { featuresConfigSchema } from '../config/runConfig'
import { FEATURE_SETS, featureNames } from '../features/spec'
import type { FeaturesConfig, IndicatorKind, IndicatorSpec } from '../features/types'
import { setFeaturesConfig } from '../store/featuresActions'
import { useStudio } from '../store/store'

const NEW: Record<IndicatorKind, IndicatorSpec> = {
  log_return: { kind: 'log_return' },
  volatility: { kind: 'volatility', period: 14 },
  volatility_ratio: { kind: 'volatility_ratio', period: 14, mean: 60 },
  atr: { kind: 'atr', period: 14 },
  bb_width: { kind: 'bb_width', period: 20, k: 2 },
  range: { kind: 'range', period: 14 },
  rsi: { kind: 'rsi', period: 14 },
  macd: { kind: 'macd', fast: 12, slow: 26, signal: 9 },
  momentum: { kind: 'momentum', period: 10 },
  roc: { kind: 'roc', period: 10 },
  volume_ratio: { kind: 'volume_ratio', period: 20 },
  natr: { kind: 'natr', period: 14 },
  ppo: { kind: 'ppo', fast: 12, slow: 26 },
  log_hl: { kind: 'log_hl' },
  abs_return: { kind: 'abs_return' },
  realized_vol: { kind: 'realized_vol', period: 4 },
  hour_of_day: { kind: 'hour_of_day' },
  day_of_week: { kind: 'day_of_week' },
}

/**
 * The feature list with editable periods, and the window, horizon, split and clipping. Every edit is checked
 * against the config schema; an invalid one is shown and not applied, so the config stays runnable.
 */
export function IndicatorEditor() {
  const cfg = useStudio((s) => s.config.features)
  const running = useStudio((s) => s.cells.features.status === 'running')
  const [error, setError] = useState<string>()
  const [draft, setDraft] = useState(cfg)
  const [adding, setAdding] = useState<IndicatorKind>('rsi')

  const apply = (next: FeaturesConfig) => {
    setDraft(next)
    const r = featuresConfigSchema.safeParse(next)
    if (!r.success) return setError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    const names = next.indicators.flatMap(featureNames)
    const dup = names.find((n, i) => names.indexOf(n) !== i)
    if (dup) return setError(`'${dup}' is listed twice`)
    setError(undefined)
    setFeaturesConfig(r.data)
  }
  const setParam = (i: number, key: string, value: number) =>
    apply({ ...draft, indicators: draft.indicators.map((s, j) => (j === i ? ({ ...s, [key]: value } as IndicatorSpec) : s)) })

  const setName = (Object.entries(FEATURE_SETS) as [keyof typeof FEATURE_SETS, FeaturesConfig][])
    .find(([, f]) => JSON.stringify([f.indicators, f.target]) === JSON.stringify([draft.indicators, draft.target]))?.[0] ?? 'custom'
  return (
    <div className="indicators">
      <div className="row">
        <label>
          Feature set
          <select value={setName} disabled={running} onChange={(e) => {
            const f = FEATURE_SETS[e.target.value as keyof typeof FEATURE_SETS]
            if (f) apply({ ...draft, indicators: f.indicators, target: f.target })
          }}>
            <option value="studio">Studio (scale-free, volatility inputs, scaled targets)</option>
            <option value="seed">Seed v1 features (the seed's 13, raw targets)</option>
            <option value="custom" disabled>custom</option>
          </select>
        </label>
        <label>
          Target
          <select value={draft.target.kind} disabled={running} onChange={(e) => apply({ ...draft, target: e.target.value === 'ewma' ? { kind: 'ewma', lambda: 0.94 } : { kind: 'none' } })}>
            <option value="ewma">log return ÷ EWMA volatility</option>
            <option value="none">raw log return</option>
          </select>
        </label>
        {draft.target.kind === 'ewma' && (
          <label>EWMA λ <input type="number" step={0.01} min={0.5} max={0.999} value={draft.target.lambda} disabled={running}
            onChange={(e) => apply({ ...draft, target: { kind: 'ewma', lambda: Number(e.target.value) } })} /></label>
        )}
      </div>
      <table className="series" aria-label="Feature list">
        <thead><tr><th>Features</th><th>Indicator</th><th>Periods</th><th /></tr></thead>
        <tbody>
          {draft.indicators.map((s, i) => (
            <tr key={i}>
              <td>{featureNames(s).join(', ')}</td>
              <td>{s.kind}</td>
              <td>
                {Object.entries(s).filter(([k]) => k !== 'kind').map(([k, v]) => (
                  <label key={k} className="param">
                    {k} <input type="number" aria-label={`${featureNames(s)[0]} ${k}`} value={v as number} disabled={running}
                      step={k === 'k' ? 0.5 : 1} onChange={(e) => setParam(i, k, Number(e.target.value))} />
                  </label>
                ))}
              </td>
              <td>
                <button type="button" aria-label={`Remove ${featureNames(s).join(', ')}`} disabled={running || draft.indicators.length === 1}
                  onClick={() => apply({ ...draft, indicators: draft.indicators.filter((_, j) => j !== i) })}>×</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <label>
          Add indicator
          <select value={adding} onChange={(e) => setAdding(e.target.value as IndicatorKind)}>
            {Object.keys(NEW).map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </label>
        <button type="button" disabled={running} onClick={() => apply({ ...draft, indicators: [...draft.indicators, NEW[adding]] })}>Add</button>
        <label>Window (bars) <input type="number" value={draft.window} onChange={(e) => apply({ ...draft, window: Number(e.target.value) })} /></label>
        <label>Horizon (1h bars) <input type="number" value={draft.horizon} onChange={(e) => apply({ ...draft, horizon: Number(e.target.value) })} /></label>
        <label>Train <input type="number" step={0.05} value={draft.split.train} onChange={(e) => apply({ ...draft, split: { ...draft.split, train: Number(e.target.value) } })} /></label>
        <label>Validation <input type="number" step={0.05} value={draft.split.val} onChange={(e) => apply({ ...draft, split: { ...draft.split, val: Number(e.target.value) } })} /></label>
        <label>Clip (std devs) <input type="number" value={draft.clip} onChange={(e) => apply({ ...draft, clip: Number(e.target.value) })} /></label>
      </div>
      {error && <p className="field-error" role="alert">Features: {error}</p>}
    </div>
  )
}
