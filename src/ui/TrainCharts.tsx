import { useState } from 'react'
import { BASELINES, type BaselineName } from '../eval/types'
import { useStudio } from '../store/store'
import { decimate, trainLive } from '../store/trainLive'
import { LineChart } from './LineChart'
import { useNow } from './useNow'

const BASELINE_LABELS: Record<BaselineName, string> = { randomWalk: 'random walk', historical: 'trailing 500 h', ewma: 'EWMA' }

/**
 * Loss per epoch (train and validation), batch loss and learning rate. Batch loss lives outside React state
 * and is redrawn at most twice a second from ≤ 300 averaged points, however many batches have run.
 */
export function TrainCharts() {
  const history = useStudio((s) => s.train.history)
  const baselines = useStudio((s) => s.train.baselines)
  const [log, setLog] = useState(true)
  const refs = baselines ? BASELINES.map((b) => ({ name: `${BASELINE_LABELS[b]} (validation)`, y: baselines[b] })) : []
  const running = useStudio((s) => s.cells.train.status === 'running')
  useNow(running, 500)
  const pts = (f: (h: (typeof history)[number]) => number) => history.map((h) => ({ x: h.epoch + 1, y: f(h) }))
  return (
    <div className="charts">
      <figure aria-label="Loss per epoch">
        <figcaption>
          Loss per epoch{baselines ? ', with each baseline\'s validation loss (dashed): the model forecasts better once its validation line is below them' : ''}{' '}
          <label><input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log scale</label>
        </figcaption>
        <LineChart series={[{ name: 'train', points: pts((h) => h.loss) }, { name: 'validation', points: pts((h) => h.valLoss) }]} refs={refs} log={log} label="Loss per epoch chart" xLabel="epoch" />
      </figure>
      <figure aria-label="Batch loss">
        <figcaption>Batch loss</figcaption>
        <LineChart series={[{ name: 'batch loss', points: decimate(trainLive.batchLoss, 300) }]} label="Batch loss chart" xLabel="batch" />
      </figure>
      <figure aria-label="Learning rate">
        <figcaption>Learning rate</figcaption>
        <LineChart series={[{ name: 'learning rate', points: pts((h) => h.lr) }]} label="Learning rate chart" xLabel="epoch" />
      </figure>
    </div>
  )
}
