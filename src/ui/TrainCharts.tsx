import { useStudio } from '../store/store'
import { decimate, trainLive } from '../store/trainLive'
import { LineChart } from './LineChart'
import { useNow } from './useNow'

/**
 * Loss per epoch (train and validation), batch loss and learning rate. Batch loss lives outside React state
 * and is redrawn at most twice a second from ≤ 300 averaged points, however many batches have run.
 */
export function TrainCharts() {
  const history = useStudio((s) => s.train.history)
  const running = useStudio((s) => s.cells.train.status === 'running')
  useNow(running, 500)
  const pts = (f: (h: (typeof history)[number]) => number) => history.map((h) => ({ x: h.epoch + 1, y: f(h) }))
  return (
    <div className="charts">
      <figure aria-label="Loss per epoch">
        <figcaption>Loss per epoch</figcaption>
        <LineChart series={[{ name: 'train', points: pts((h) => h.loss) }, { name: 'validation', points: pts((h) => h.valLoss) }]} label="Loss per epoch chart" xLabel="epoch" />
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
