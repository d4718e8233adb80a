import { useState } from 'react'
import type { BacktestConfig } from '../config/runConfig'
import { downloadBacktest, exportTrades, runBacktestCell, selectBacktestCoin, setBacktestConfig } from '../store/backtestActions'
import { useStudio } from '../store/store'
import { BacktestCharts, BacktestTable, BacktestVerdict, PerCoinBacktest } from './BacktestResults'
import { Cell } from './Cell'

/** A number field that keeps what is being typed and commits only values in [min, max]; `scale` shows fractions as %. */
function NumberField({ label, value, min, max, scale = 1, onCommit }: { label: string; value: number; min: number; max: number; scale?: number; onCommit: (v: number) => void }) {
  const [text, setText] = useState(String(+(value * scale).toPrecision(10)))
  return (
    <label>
      {label}{' '}
      <input type="number" step="any" value={text} onChange={(e) => {
        setText(e.target.value)
        const v = Number(e.target.value) / scale
        if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= min && v <= max) onCommit(v)
      }} />
    </label>
  )
}

/** Would trading on the forecasts have paid, after fees, against holding the coin and against the same rule on a baseline? */
export function BacktestCell() {
  const cfg = useStudio((s) => s.config.backtest)
  const bt = useStudio((s) => s.backtest)
  const running = useStudio((s) => s.cells.backtest.status === 'running')
  const forecasts = useStudio((s) => s.evaluate.forecasts)
  const evaluated = forecasts?.map((f) => f.symbol) ?? []
  const r = bt.result
  const set = setBacktestConfig
  const [coins, setCoins] = useState(cfg.coins.join(', '))
  // committed when typing ends (blur or Enter), so a half-typed pair does not run a backtest
  const commitCoins = () => {
    const list = coins.toUpperCase().split(/[\s,]+/).filter(Boolean)
    if (list.every((c) => /^[A-Z0-9]{2,20}$/.test(c)) && list.join() !== cfg.coins.join()) set({ coins: list })
  }
  return (
    <Cell id="backtest" onRun={() => void runBacktestCell()} runLabel="Backtest">
      <div className="row">
        <label>
          Rule
          <select value={cfg.rule} disabled={running} onChange={(e) => set({ rule: e.target.value as BacktestConfig['rule'] })}>
            <option value="gated">gated direction</option>
            <option value="volTarget">volatility target</option>
          </select>
        </label>
        <label>
          Split
          <select value={cfg.split} disabled={running} onChange={(e) => set({ split: e.target.value as BacktestConfig['split'] })}>
            <option value="test">test</option>
            <option value="val">validation</option>
            <option value="train">training (seen in training)</option>
          </select>
        </label>
        <NumberField label="Fee (%)" value={cfg.fee} min={0} max={0.1} scale={100} onCommit={(fee) => set({ fee })} />
        <NumberField label="Slippage (%)" value={cfg.slippage} min={0} max={0.1} scale={100} onCommit={(slippage) => set({ slippage })} />
        <label>
          Coins{' '}
          <input value={coins} placeholder={evaluated.join(', ') || 'all evaluated'} onChange={(e) => setCoins(e.target.value)}
            onBlur={commitCoins} onKeyDown={(e) => e.key === 'Enter' && commitCoins()} />
        </label>
      </div>
      {cfg.rule === 'gated' ? (
        <div className="row">
          <NumberField label="Band limit W (%)" value={cfg.maxWidth} min={1e-9} max={1} scale={100} onCommit={(maxWidth) => set({ maxWidth })} />
          <NumberField label="Threshold θ (log return)" value={cfg.threshold} min={0} max={0.5} onCommit={(threshold) => set({ threshold })} />
          <label><input type="checkbox" checked={cfg.shorts} disabled={running} onChange={(e) => set({ shorts: e.target.checked })} /> Allow shorts</label>
        </div>
      ) : (
        <div className="row">
          <NumberField label="Volatility target σ* (% a year)" value={cfg.volTarget} min={1e-9} max={10} scale={100} onCommit={(volTarget) => set({ volTarget })} />
          <NumberField label="Leverage cap L" value={cfg.leverage} min={1e-9} max={10} onCommit={(leverage) => set({ leverage })} />
          <NumberField label="Rebalance band" value={cfg.band} min={0} max={10} onCommit={(band) => set({ band })} />
        </div>
      )}
      <p className="muted">
        {cfg.rule === 'gated'
          ? 'At each forecast bar t (traded at its close): p = 0 if exp(q90) − exp(q10) > W; else +1 if q50 > θ; else −1 if q50 < −θ and shorts are allowed; else 0.'
          : 'σ̂ = (q90 − q10) / (2 · 1.2816), p = min(L, σ* / √(8760 / h) / σ̂), long only, changed only when |p − p_prev| > the band.'}
        {' '}Each change pays (fee + slippage) · |p − p_prev| of equity; where the next forecast is not the next bar, and at the end, the position is closed at the next close.
      </p>
      {cfg.split === 'train' && (
        <p className="warning" aria-label="Training split warning">
          Warning: the training split. The model was fitted on these bars, so these figures overstate what it would have done on bars it had not seen.
        </p>
      )}
      {r && r.horizon > 1 && (
        <p className="muted" aria-label="Horizon note">
          The forecasts are {r.horizon} h ahead: the backtest uses every {r.horizon}th bar and holds each position {r.horizon} h, so positions never overlap.
        </p>
      )}
      {r && <BacktestVerdict r={r} />}
      {r && <BacktestTable r={r} />}
      {r && bt.paths && (
        <div className="row">
          <label>
            Coin
            <select value={bt.selected} onChange={(e) => selectBacktestCoin(e.target.value)}>
              {Object.keys(r.perCoin).map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <button type="button" onClick={() => void exportTrades()}>Export trades</button>
          <button type="button" onClick={downloadBacktest}>Download backtest.json</button>
        </div>
      )}
      {r && bt.paths && <BacktestCharts paths={bt.paths} selected={bt.selected} />}
      {r && <PerCoinBacktest r={r} />}
    </Cell>
  )
}
