import { benchFeatures } from './features'
import { benchFit, benchLanes } from './fit'
import { benchTrain } from './train'
import { TRAIN_BENCH_DEFAULTS, type FitBenchOptions, type LanesBenchOptions, type TrainBenchOptions } from './types'

/**
 * The bench script calls `window.runBench(task, repeats, options)` and reads the JSON it resolves to;
 * `options` carries a task's own settings (train: Partial<TrainBenchOptions>; fit: FitBenchOptions; lanes: LanesBenchOptions).
 */
declare global {
  interface Window {
    runBench(task: string, repeats: number, options?: object): Promise<unknown>
  }
}

window.runBench = async (task, repeats, options = {}) => {
  if (task === 'features') return benchFeatures(repeats)
  if (task === 'train') return benchTrain({ ...TRAIN_BENCH_DEFAULTS, ...(options as Partial<TrainBenchOptions>) })
  if (task === 'fit') return benchFit(options as FitBenchOptions)
  if (task === 'lanes') return benchLanes(options as LanesBenchOptions)
  throw new Error(`bench: unknown task '${task}' (known: features, train, fit, lanes)`)
}
document.body.dataset.ready = 'yes'
