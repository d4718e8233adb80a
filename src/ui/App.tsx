import { runAll } from '../store/runAll'
import { useStudio } from '../store/store'
import { PendingCell } from './Cell'
import { DataCell } from './DataCell'
import { FeaturesCell } from './FeaturesCell'
import { ModelCell } from './ModelCell'
import { TrainCell } from './TrainCell'

export function App() {
  const running = useStudio((s) => Object.values(s.cells).some((c) => c.status === 'running'))
  return (
    <main className="notebook">
      <header className="top">
        <h1>Crypto forecasting studio</h1>
        <p className="muted">Train a price-forecasting model on Binance candles, in your browser. Nothing leaves this page.</p>
        <button type="button" onClick={() => void runAll()} disabled={running}>
          Run all
        </button>
      </header>
      <DataCell />
      <FeaturesCell />
      <ModelCell />
      <TrainCell />
      <PendingCell id="evaluate" arrives="metrics against baselines come with the Evaluate issue" />
      <PendingCell id="export" arrives="saving models and share links come with the Export issue" />
    </main>
  )
}
