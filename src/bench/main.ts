import { benchFeatures } from './features'
import { lstmCheck } from './lstmCheck'
import { benchTrain } from './train'
import { LSTM_CHECK_DEFAULTS, TRAIN_BENCH_DEFAULTS, type LstmCheckOptions, type TrainBenchOptions } from './types'

/**
 * The bench script calls `window.runBench(task, repeats, options)` and reads the JSON it resolves to;
 * `options` carries a task's own settings (train: Partial<TrainBenchOptions>; lstm-check: Partial<LstmCheckOptions>,
 * a correctness check for the browser tests rather than a timing).
 */
declare global {
  interface Window {
    runBench(task: string, repeats: number, options?: object): Promise<unknown>
  }
}

window.runBench = async (task, repeats, options = {}) => {
  if (task === 'features') return benchFeatures(repeats)
  if (task === 'train') return benchTrain({ ...TRAIN_BENCH_DEFAULTS, ...(options as Partial<TrainBenchOptions>) })
  if (task === 'lstm-check') return lstmCheck({ ...LSTM_CHECK_DEFAULTS, ...(options as Partial<LstmCheckOptions>) })
  throw new Error(`bench: unknown task '${task}' (known: features, train, lstm-check)`)
}
document.body.dataset.ready = 'yes'
