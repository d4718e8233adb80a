import { coinChoice, PRESETS, presetOf, type PresetName } from '../config/presets'
import { applyPreset, configKey, discardInterruptedRun, loadedSymbols, pauseTraining, resumeTraining, runTrainCell, setBackend, setTrainConfig, setTrainingCoin, stopTraining } from '../store/trainActions'
import { useStudio } from '../store/store'
import { trainLive } from '../store/trainLive'
import { formatDuration } from '../util/time'
import { Cell } from './Cell'
import { TrainCharts } from './TrainCharts'
import { useNow } from './useNow'


export function TrainCell() {
  const config = useStudio((s) => s.config)
  const { train, backend, features, model } = config
  const t = useStudio((s) => s.train)
  const running = useStudio((s) => s.cells.train.status === 'running')
  // a checkpoint is offered only while the page's settings are the run's own
  const resumable = t.interrupted && !running && configKey(config) === t.interrupted.configKey
  return (
    <Cell id="train" onRun={() => void runTrainCell()} runLabel="Train">
      {resumable && (
        <div className="notes" role="status">
          A training run stopped at epoch {t.interrupted!.epoch} of {t.interrupted!.epochs} when the page closed.{' '}
          <button type="button" onClick={() => void runTrainCell(true)}>Resume from checkpoint</button>{' '}
          <button type="button" onClick={discardInterruptedRun}>Discard</button>
        </div>
      )}
      <Coins running={running} />
      <div className="row">
        <label>
          Preset
          <select value={presetOf(train, features, model.head)} disabled={running} onChange={(e) => e.target.value in PRESETS && applyPreset(e.target.value as PresetName)}>
            {(Object.keys(PRESETS) as PresetName[]).map((p) => <option key={p} value={p}>{PRESETS[p].label}</option>)}
            <option value="custom" disabled>custom</option>
          </select>
        </label>
        <label>
          Backend
          <select value={backend} disabled={running} onChange={(e) => setBackend(e.target.value as typeof backend)}>
            <option value="auto">auto (WebGPU → WebGL → WASM → CPU)</option>
            <option value="webgpu">WebGPU</option>
            <option value="webgl">WebGL</option>
            <option value="wasm">WASM</option>
            <option value="cpu">CPU</option>
          </select>
        </label>
        <label>Epochs <input type="number" min={1} value={train.epochs} disabled={running} onChange={(e) => setTrainConfig({ ...train, epochs: Math.max(1, Number(e.target.value) || 1) })} /></label>
        <label>Batch <input type="number" min={1} value={train.batchSize} disabled={running} onChange={(e) => setTrainConfig({ ...train, batchSize: Math.max(1, Number(e.target.value) || 1) })} /></label>
        <label>Batches per epoch (0 = all) <input type="number" min={0} value={train.maxBatchesPerEpoch} disabled={running} onChange={(e) => setTrainConfig({ ...train, maxBatchesPerEpoch: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} /></label>
        <label>Seed <input type="number" value={train.seed} disabled={running} onChange={(e) => setTrainConfig({ ...train, seed: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} /></label>
        <label title="The fused LSTM splits each batch into this many lanes on WASM and CPU; the threads (one per core) share the lanes, and the numbers depend on the lanes alone, not on the cores">LSTM lanes <input type="number" min={1} max={64} value={train.lanes} disabled={running} onChange={(e) => setTrainConfig({ ...train, lanes: Math.min(64, Math.max(1, Math.floor(Number(e.target.value) || 1))) })} /></label>
        {running && (t.paused
          ? <button type="button" onClick={resumeTraining}>Resume</button>
          : <button type="button" onClick={pauseTraining}>Pause</button>)}
        {running && <button type="button" onClick={stopTraining}>Stop</button>}
      </div>
      {t.backend && (
        <p className="muted" aria-label="Backend in use">
          Training on <strong>{t.backend.name}</strong> with the {t.backend.lstm} LSTM{t.backend.lstmThreads > 1 ? ` on ${t.backend.lstmThreads} threads` : ''}.
          {t.backend.skipped.length > 0 && ` Skipped: ${t.backend.skipped.map((s) => `${s.name} — ${s.reason}`).join('; ')}.`}
          {t.backend.note && ` ${t.backend.note}.`}
        </p>
      )}
      {running && <TrainProgress epochs={train.epochs} />}
      {t.notes.length > 0 && <ul className="notes" aria-label="Training notes">{t.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
      {(t.history.length > 0 || running) && <TrainCharts />}
      {t.history.length > 0 && (
        <table className="series" aria-label="Epochs">
          <thead><tr><th className="num">Epoch</th><th className="num">Train loss</th><th className="num">Validation loss</th><th className="num">Learning rate</th><th className="num">Time</th></tr></thead>
          <tbody>
            {t.history.map((h) => (
              <tr key={h.epoch}>
                <td className="num">{h.epoch + 1}</td><td className="num">{h.loss.toPrecision(5)}</td><td className="num">{h.valLoss.toPrecision(5)}</td>
                <td className="num">{h.lr.toExponential(1)}</td><td className="num">{formatDuration(h.ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {t.history.length > 0 && (
        <p className="summary" aria-label="Training result">
          Best validation loss {Math.min(...t.history.map((h) => h.valLoss)).toPrecision(5)} after {t.history.length} epoch(s);
          tensors in memory after each epoch: {[...new Set(t.history.map((h) => h.numTensors))].join(', ')}.
        </p>
      )}
    </Cell>
  )
}

/** The loaded coins, those the run trains on ticked, and a sentence naming those left out. */
function Coins({ running }: { running: boolean }) {
  const listed = useStudio((s) => s.config.train.coins)
  // loadedSymbols reads these: re-render when they change
  useStudio((s) => s.features.coins)
  useStudio((s) => s.data.dataset)
  const all = loadedSymbols()
  if (all.length === 0) return null
  const { on, leftOut } = coinChoice(listed, all)
  return (
    <fieldset className="coins">
      <legend>Coins to train on</legend>
      {all.map((c) => (
        <label key={c}><input type="checkbox" checked={on.includes(c)} disabled={running} onChange={(e) => setTrainingCoin(c, e.target.checked)} />{c}</label>
      ))}
      <p className="muted" aria-label="Coins left out">
        {leftOut.length ? `Training on ${on.length} of the ${all.length} coins loaded; left out: ${leftOut.join(', ')}.` : `Training on all ${all.length} coin${all.length > 1 ? 's' : ''} loaded.`}
      </p>
    </fieldset>
  )
}

function TrainProgress({ epochs }: { epochs: number }) {
  useNow(true, 250)
  const b = trainLive.last
  const elapsed = performance.now() - trainLive.startedAt
  const eta = trainLive.done > 0 ? (elapsed / trainLive.done) * (trainLive.total - trainLive.done) : NaN
  return (
    <div className="progress">
      <progress aria-label="Training progress" max={trainLive.total || 1} value={trainLive.done} />
      <span>
        {b ? `epoch ${b.epoch + 1}/${epochs} · batch ${b.batch}/${b.batches} · ${Math.round(b.samplesPerSec)} samples/s · ETA ${formatDuration(eta)}` : 'starting…'}
      </span>
    </div>
  )
}
