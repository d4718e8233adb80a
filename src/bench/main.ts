import { benchFeatures } from './features'

/** The bench script calls `window.runBench(task, repeats)` and reads the JSON it resolves to. */
declare global {
  interface Window {
    runBench(task: string, repeats: number): Promise<unknown>
  }
}

window.runBench = async (task, repeats) => {
  if (task === 'features') return benchFeatures(repeats)
  throw new Error(`bench: unknown task '${task}' (known: features)`)
}
document.body.dataset.ready = 'yes'
