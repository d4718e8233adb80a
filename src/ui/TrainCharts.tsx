import { useMemo, useState } from 'react'
import type uPlot from 'uplot'
import { BASELINES, type BaselineName } from '../eval/types'
import { useStudio } from '../store/store'
import { decimate, trainLive } from '../store/trainLive'
import { logTicks, niceTicks } from '../util/ticks'
import { UPlot } from './UPlot'
import { useNow } from './useNow'

const BASELINE_LABELS: Record<BaselineName, string> = { randomWalk: 'random walk', historical: 'trailing 500 h', ewma: 'EWMA' }
const REF_COLORS = ['#777', '#a0522d', '#6b8e23']
const fmt = (v: number | null) => (v == null ? '—' : Math.abs(v) < 0.01 || Math.abs(v) >= 1e4 ? v.toExponential(3) : v.toPrecision(4))

/** Whole steps: an epoch or a batch is a count. */
const COUNTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]

/** Axes with their units; the y axis wide enough for exponents (a log axis's unlabelled minor ticks stay blank). */
function axes(x: string, y: string, log = false): uPlot.Axis[] {
  return [{ label: x, incrs: COUNTS }, {
    label: y, size: 64, values: (_, ticks) => ticks.map((t) => (t == null ? '' : fmt(t))),
    // uPlot's log axis labels powers of ten only, and a loss moves within one decade: round values inside it instead
    ...(log ? { splits: (_: uPlot, __: number, min: number, max: number) => { const d = logTicks(min, max); return d.length >= 3 ? d : niceTicks(min, max, 4) } } : {}),
  }]
}

/** A log axis spans the data with a little room, not whole decades: losses of 0.25–0.27 would draw as one flat line. */
const snug: uPlot.Range.Function = (_, min, max) => (min > 0 && max > 0 ? [min / 1.02, max * 1.02] : [min, max])

/**
 * Loss per epoch (train and validation), batch loss and learning rate, drawn by uPlot. Batch loss lives outside
 * React state and is redrawn at most twice a second from ≤ 300 averaged points, however many batches have run.
 */
export function TrainCharts() {
  const history = useStudio((s) => s.train.history)
  const baselines = useStudio((s) => s.train.baselines)
  const [log, setLog] = useState(true)
  const running = useStudio((s) => s.cells.train.status === 'running')
  useNow(running, 500)
  const epochs = useMemo(() => history.map((h) => h.epoch + 1), [history])
  const lossData = useMemo((): uPlot.AlignedData => [
    epochs, history.map((h) => h.loss), history.map((h) => h.valLoss), ...(baselines ? BASELINES.map((b) => epochs.map(() => baselines[b])) : []),
  ], [epochs, history, baselines])
  const lossOpts: Omit<uPlot.Options, 'width' | 'height'> = {
    scales: { x: { time: false }, y: log ? { distr: 3, range: snug } : {} },
    axes: axes('epoch', 'loss', log),
    series: [
      { label: 'epoch' },
      { label: 'train', stroke: '#2f6fde', width: 1.5, value: (_, v) => fmt(v) },
      { label: 'validation', stroke: '#e0702b', width: 1.5, value: (_, v) => fmt(v) },
      ...(baselines ? BASELINES.map((b, i): uPlot.Series => ({ label: `${BASELINE_LABELS[b]} (validation)`, stroke: REF_COLORS[i], dash: [5, 4], width: 1, points: { show: false }, value: (_, v) => fmt(v) })) : []),
    ],
  }
  const batches = decimate(trainLive.batchLoss, 300)
  const batchData: uPlot.AlignedData = [batches.map((p) => p.x), batches.map((p) => p.y)]
  const lrData = useMemo((): uPlot.AlignedData => [epochs, history.map((h) => h.lr)], [epochs, history])
  return (
    <div className="charts">
      <figure aria-label="Loss per epoch">
        <figcaption>
          Loss per epoch{baselines ? ', with each baseline\'s validation loss (dashed): the model forecasts better once its validation line is below them' : ''}{' '}
          <label><input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log scale</label>
        </figcaption>
        <UPlot shape={`loss ${log} ${!!baselines}`} opts={lossOpts} data={lossData} label="Loss per epoch chart" />
      </figure>
      <figure aria-label="Batch loss">
        <figcaption>Batch loss (mean of neighbouring batches)</figcaption>
        <UPlot shape="batch" data={batchData} label="Batch loss chart"
          opts={{ width: 420, scales: { x: { time: false } }, axes: axes('batch', 'loss'), series: [{ label: 'batch' }, { label: 'batch loss', stroke: '#2f6fde', width: 1, points: { show: false }, value: (_, v) => fmt(v) }] }} />
      </figure>
      <figure aria-label="Learning rate">
        <figcaption>Learning rate per epoch</figcaption>
        <UPlot shape="lr" data={lrData} label="Learning rate chart"
          opts={{ width: 420, scales: { x: { time: false }, y: { distr: 3, range: snug } }, axes: axes('epoch', 'learning rate', true), series: [{ label: 'epoch' }, { label: 'learning rate', stroke: '#2e9d5b', width: 1.5, value: (_, v) => fmt(v) }] }} />
      </figure>
    </div>
  )
}
