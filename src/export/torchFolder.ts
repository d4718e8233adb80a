import type { OutColumn } from '../data/parquet'
import type { CoinFeatures, Split } from '../features/types'
import { SPLITS } from '../features/types'
import type { ModelArtifactsData } from '../model/portable'
import { toModelFiles } from './modelFiles'
import type { RunRecord } from './runRecord'
import { writeSafetensors } from './safetensors'
import { toTorchStateDict } from './torchWeights'
import modelPy from './torch/model.py?raw'
import dataPy from './torch/data.py?raw'
import trainPy from './torch/train.py?raw'
import predictPy from './torch/predict.py?raw'
import initPy from './torch/init.py?raw'
import readme from './torch/README.md?raw'
import notebook from './torch/colab.ipynb?raw'

/** The Python the folder carries, by file name: plain PyTorch, pandas and safetensors (all in Colab). */
export const TORCH_SOURCES: Record<string, string> = {
  'model.py': modelPy, 'data.py': dataPy, 'train.py': trainPy, 'predict.py': predictPy, 'init.py': initPy,
  'README.md': readme, 'colab.ipynb': notebook,
}

/** The weights file's name in the folder; train.py writes trained.safetensors beside it. */
export const TORCH_WEIGHTS = 'weights.safetensors'

/**
 * samples.parquet: one row per sample the studio made, so train.py trains on exactly these (the same windows,
 * targets, scales and splits, purging included): symbol, split, open_time (the forecast bar t, epoch ms),
 * open_time_15m (the last 15m bar of its window), close (close_t), target (ln(close_t+h / close_t)) and scale
 * (σ_t·√h, or 1), the last two the float32 values the studio trains on.
 */
export function sampleColumns(coins: readonly CoinFeatures[]): OutColumn[] {
  const n = coins.reduce((k, c) => k + SPLITS.reduce((m, s) => m + c.samples[s].end1h.length, 0), 0)
  const symbol = new Array<string>(n), split = new Array<Split>(n)
  const t1 = new Float64Array(n), t15 = new Float64Array(n), close = new Float64Array(n), target = new Float64Array(n), scale = new Float64Array(n)
  let at = 0
  for (const c of coins) {
    for (const s of SPLITS) {
      const x = c.samples[s]
      for (let i = 0; i < x.end1h.length; i++, at++) {
        symbol[at] = c.symbol
        split[at] = s
        t1[at] = c.h1.start + x.end1h[i]! * c.h1.step
        t15[at] = c.m15.start + x.end15m[i]! * c.m15.step
        close[at] = x.close[i]!
        target[at] = x.target[i]!
        scale[at] = x.scale[i]!
      }
    }
  }
  return [
    { name: 'symbol', type: 'STRING', data: symbol },
    { name: 'split', type: 'STRING', data: split },
    { name: 'open_time', type: 'TIME_MS', data: t1 },
    { name: 'open_time_15m', type: 'TIME_MS', data: t15 },
    { name: 'close', type: 'DOUBLE', data: close },
    { name: 'target', type: 'DOUBLE', data: target },
    { name: 'scale', type: 'DOUBLE', data: scale },
  ]
}

export interface TorchFolderParts {
  record: RunRecord
  artifacts: ModelArtifactsData
  /** The training coins' raw features as the Features cell exports them. */
  featuresParquet: ArrayBuffer
  /** `sampleColumns` of the training coins, as Parquet. */
  samplesParquet: ArrayBuffer
}

/** Every file of the PyTorch folder, by name. */
export function torchFolder(p: TorchFolderParts): { name: string; data: Uint8Array }[] {
  const text = (s: string) => new TextEncoder().encode(s)
  const weights = writeSafetensors(toTorchStateDict(p.artifacts), { format: 'pt', producer: 'crypto-forecast-studio', run: p.record.name })
  return [
    ...Object.entries(TORCH_SOURCES).map(([name, s]) => ({ name, data: text(s) })),
    { name: TORCH_WEIGHTS, data: weights },
    { name: 'model.json', data: text(toModelFiles(p.artifacts).modelJson) },
    { name: 'run.json', data: text(JSON.stringify(p.record, null, 2)) },
    { name: 'features.parquet', data: new Uint8Array(p.featuresParquet) },
    { name: 'samples.parquet', data: new Uint8Array(p.samplesParquet) },
  ]
}
