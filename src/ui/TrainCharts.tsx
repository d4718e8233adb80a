import * as tfvis from '@tensorflow/tfjs-vis'
import { useEffect, useRef } from 'react'
import { useStudio } from '../store/store'
import { decimate, trainLive } from '../store/trainLive'

/**
 * Loss per epoch (train and validation), batch loss and learning rate, drawn with tfjs-vis. Batch loss is
 * redrawn at most twice a second from a few hundred averaged points, however many batches have run.
 */
export function TrainCharts() {
  const history = useStudio((s) => s.train.history)
  const running = useStudio((s) => s.cells.train.status === 'running')
  const lossRef = useRef<HTMLDivElement>(null)
  const batchRef = useRef<HTMLDivElement>(null)
  const lrRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!lossRef.current || !lrRef.current || history.length === 0) return
    const pts = (f: (h: (typeof history)[number]) => number) => history.map((h) => ({ x: h.epoch + 1, y: f(h) }))
    void tfvis.render.linechart(lossRef.current, { values: [pts((h) => h.loss), pts((h) => h.valLoss)], series: ['train', 'validation'] },
      { xLabel: 'epoch', yLabel: 'loss', width: 420, height: 220, zoomToFit: true })
    void tfvis.render.linechart(lrRef.current, { values: [pts((h) => h.lr)], series: ['learning rate'] },
      { xLabel: 'epoch', yLabel: 'learning rate', width: 420, height: 220, zoomToFit: true })
  }, [history])

  useEffect(() => {
    let drawn = -1
    const draw = () => {
      if (!batchRef.current || trainLive.batchLoss.length === drawn || trainLive.batchLoss.length === 0) return
      drawn = trainLive.batchLoss.length
      void tfvis.render.linechart(batchRef.current, { values: [decimate(trainLive.batchLoss, 300)], series: ['batch loss'] },
        { xLabel: 'batch', yLabel: 'loss', width: 420, height: 220, zoomToFit: true })
    }
    draw()
    if (!running) return
    const t = setInterval(draw, 500)
    return () => clearInterval(t)
  }, [running])

  return (
    <div className="charts">
      {/* tfjs-vis takes over the inner div (its attributes included); the figure carries the name. */}
      <figure aria-label="Loss per epoch"><figcaption>Loss per epoch</figcaption><div ref={lossRef} /></figure>
      <figure aria-label="Batch loss"><figcaption>Batch loss</figcaption><div ref={batchRef} /></figure>
      <figure aria-label="Learning rate"><figcaption>Learning rate</figcaption><div ref={lrRef} /></figure>
    </div>
  )
}
