import { saveBytes } from '../data/sources'
import { encodeColumnsInWorker, exportFeaturesInWorker } from '../workers/dataClient'
import { act, defaultName, recordFor, trainedRun } from './exportActions'
import { useStudio } from './store'
import { modelSession } from './trainActions'

const get = useStudio.getState

/** The zip's name: the run's coins and head, so two exports in one Downloads folder stay apart. */
export function torchZipName(coins: readonly string[], head: string): string {
  return `pytorch-${coins.map((c) => c.replace(/USDT$/, '')).join('-').toLowerCase() || 'run'}-${head}.zip`
}

/**
 * Downloads the PyTorch folder as one zip: model.py, train.py, predict.py, the weights as safetensors, the training
 * coins' raw features and samples as Parquet, run.json, model.json, a README and a Colab notebook.
 */
export function exportForTorch(): Promise<void> {
  return act(async () => {
    // Everything from the run's snapshot: its coins, features and head, whatever the page shows now.
    const run = trainedRun()
    const a = await modelSession()!.artifacts()
    const record = recordFor(run, defaultName(run))
    const coins = run.coins
    const symbols = new Set(coins.map((c) => c.symbol))
    const series = (get().data.dataset?.series ?? []).filter((s) => symbols.has(s.symbol) && (s.interval === '1h' || s.interval === '15m'))
    // The Python and the zip writer load with the button, not with the page.
    const [{ torchFolder, sampleColumns }, { writeZip }] = await Promise.all([import('../export/torchFolder'), import('../export/zip')])
    const [featuresParquet, samplesParquet] = [await exportFeaturesInWorker(series, run.config.features), await encodeColumnsInWorker(sampleColumns(coins))]
    const zip = writeZip(torchFolder({ record, artifacts: a, featuresParquet, samplesParquet }))
    const name = torchZipName([...symbols], run.config.model.head.kind)
    saveBytes(zip.buffer as ArrayBuffer, name, 'application/zip')
    return `Downloaded ${name}: model.py, train.py and the run's weights, features and samples for PyTorch; its README.md tells how to train on a CPU, a GPU or many, and how to load the weights back here.`
  })
}
