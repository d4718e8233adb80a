import { runAll } from '../store/runAll'
import { useStudio } from '../store/store'
import { BacktestCell } from './BacktestCell'
import { DataCell } from './DataCell'
import { ErrorBoundary } from './ErrorBoundary'
import { EvaluateCell } from './EvaluateCell'
import { ExportCell } from './ExportCell'
import { FeaturesCell } from './FeaturesCell'
import { LiveCell } from './LiveCell'
import { ModelCell } from './ModelCell'
import { Outline } from './Outline'
import { RunsPanel } from './RunsPanel'
import { SharedBanner } from './SharedBanner'
import { TrainCell } from './TrainCell'

// Its own component: the page (every cell) is not drawn again each time a cell starts or ends.
function RunAllButton() {
  const running = useStudio((s) => Object.values(s.cells).some((c) => c.status === 'running'))
  return (
    <button type="button" onClick={() => void runAll()} disabled={running}>
      Run all
    </button>
  )
}

export function App() {
  // Forms keep what the user is typing; when a link or a loaded run replaces the whole config they start over from it.
  const epoch = useStudio((s) => s.configEpoch)
  return (
    <main className="notebook">
      <header className="top">
        <h1>Crypto forecasting studio</h1>
        <p className="muted">Train a price-forecasting model on Binance candles, in your browser. Nothing leaves this page.</p>
        <RunAllButton />
      </header>
      <SharedBanner />
      <Outline />
      <div key={epoch} className="cells">
        {/* One boundary per cell: a cell that cannot draw shows why, and the others and the loaded data stay. */}
        <ErrorBoundary id="data" title="the Data cell"><DataCell /></ErrorBoundary>
        <ErrorBoundary id="features" title="the Features cell"><FeaturesCell /></ErrorBoundary>
        <ErrorBoundary id="model" title="the Model cell"><ModelCell /></ErrorBoundary>
        <ErrorBoundary id="train" title="the Train cell"><TrainCell /></ErrorBoundary>
        <ErrorBoundary id="evaluate" title="the Evaluate cell"><EvaluateCell /></ErrorBoundary>
        <ErrorBoundary id="backtest" title="the Backtest cell"><BacktestCell /></ErrorBoundary>
        <ErrorBoundary id="export" title="the Export cell"><ExportCell /></ErrorBoundary>
        <ErrorBoundary id="live" title="the Live cell"><LiveCell /></ErrorBoundary>
      </div>
      <ErrorBoundary id="runs" title="the Runs panel"><RunsPanel /></ErrorBoundary>
    </main>
  )
}
