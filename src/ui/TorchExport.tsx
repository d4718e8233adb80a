import { exportForTorch } from '../store/torchActions'
import { useStudio } from '../store/store'

/** The Export cell's way out to PyTorch, and the hint for the way back in. */
export function TorchExport() {
  const trained = useStudio((s) => s.cells.train.status === 'done')
  const busy = useStudio((s) => s.cells.export.status === 'running')
  return (
    <div className="row">
      <button type="button" disabled={!trained || busy} onClick={() => void exportForTorch()}>Export for PyTorch</button>
      <span className="muted">
        a zip with model.py, train.py (one CPU, a GPU, or many under torchrun), the weights as safetensors, features and
        samples; weights it trains load back with Load model files (model.json, run.json and the .safetensors)
      </span>
    </div>
  )
}
