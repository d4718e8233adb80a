import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, type RunConfig } from '../config/runConfig'
import { writeColumnsParquet } from '../data/parquet'
import { bundledPair } from '../data/testing'
import type { Series } from '../data/types'
import { buildCoinFeatures } from '../features/pipeline'
import { allFeatureNames, DEFAULT_FEATURES } from '../features/spec'
import { featureTable } from '../features/table'
import { featureColumns } from '../features/tableIO'
import type { CoinFeatures } from '../features/types'
import { buildModel } from '../model/build'
import { initHead } from '../model/headInit'
import { setRandomWeights } from '../model/lstmKinds'
import { SEED_MODEL } from '../model/presets'
import type { ModelConfig } from '../model/types'
import { EarlyStopping, ReduceLROnPlateau } from '../train/callbacks'
import { QUICK_TRAIN } from '../train/config'
import { headInitFor } from '../train/headInit'
import { evaluateLoss } from '../train/fit'
import { predictSplit } from '../train/predict'
import type { ModelArtifactsData } from '../model/portable'
import { buildRunRecord } from './runRecord'
import { readSafetensors } from './safetensors'
import { hasTorchPython, lastHours, python, writeFiles } from './testing'
import { sampleColumns, TORCH_SOURCES, torchFolder, TORCH_WEIGHTS } from './torchFolder'
import { fromTorchStateDict } from './torchWeights'

// Small real data: the last 900 hours of two coins, 12-bar windows, Studio features with the EWMA target scale.
const features = { ...DEFAULT_FEATURES, window: 12 }
const tiny: ModelConfig = { ...SEED_MODEL, h1Lstm: [6, 5], m15Conv: [4, 3], m15Lstm: [5, 4], dense: [6, 4], dropout: 0.1 }
let series: Series[]
let coins: CoinFeatures[]

beforeAll(async () => {
  await tf.setBackend('cpu')
  series = []
  coins = []
  for (const sym of ['LINKUSDT', 'UNIUSDT']) {
    const [h1, m15] = lastHours(await bundledPair(sym), 900)
    series.push(h1!, m15!)
    coins.push(buildCoinFeatures(sym, h1!.candles, m15!.candles, features))
  }
})

/** A model of `model` with every weight random (biases too, so the LSTM bias mapping shows), exported to a folder. */
async function exported(model: ModelConfig, seed: number) {
  const config: RunConfig = { ...DEFAULT_CONFIG, features, model, train: { ...QUICK_TRAIN, batchSize: 32, coins: [] } }
  const tfModel = buildModel(model, { window: 12, h1Features: coins[0]!.h1.features, m15Features: coins[0]!.m15.features }, seed)
  setRandomWeights(tfModel.layers, seed)
  const record = buildRunRecord({
    name: `torch test ${model.head.kind}`, config, featureNames: allFeatureNames(features.indicators), coins,
    data: { source: 'bundled', origin: 'bundled', fingerprint: '0', series: series.length, bars: 0 },
  })
  const files = torchFolder({
    record, artifacts: await artifactsOf(tfModel),
    featuresParquet: writeColumnsParquet(featureColumns(featureTable(series, features))),
    samplesParquet: writeColumnsParquet(sampleColumns(coins)),
  })
  const dir = mkdtempSync(join(tmpdir(), 'torch-export-'))
  writeFiles(dir, files)
  return { tfModel, dir, config }
}

/** predict.py's forecasts divided by their scale: the model's outputs, [samples × outputs], per coin in sample order. */
function pythonOutputs(dir: string, weights: string, split: string, outputs: number): Float64Array {
  const code = [
    'import json, sys', 'from predict import forecast',
    'f = forecast(".", sys.argv[1], sys.argv[2])',
    'cols = ["q10", "q50", "q90"] if sys.argv[3] == "3" else ["q50"]',
    'print(json.dumps([(f[c] / f["scale"]).tolist() for c in cols]))',
  ].join('\n')
  const cols = JSON.parse(python(['-c', code, weights, split, String(outputs)], dir).stdout) as number[][]
  const n = cols[0]!.length
  return Float64Array.from({ length: n * outputs }, (_, i) => cols[i % outputs]![Math.floor(i / outputs)]!)
}

async function studioOutputs(model: tf.LayersModel, split: 'val' | 'test'): Promise<Float32Array> {
  const per = await predictSplit(model, coins, split)
  const all = new Float32Array(per.reduce((n, c) => n + c.values.length, 0))
  let at = 0
  for (const c of per) (all.set(c.values, at), (at += c.values.length))
  return all
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

describe('the Colab notebook', () => {
  const nb = JSON.parse(TORCH_SOURCES['colab.ipynb']!) as { nbformat: number; cells: { cell_type: string; source: string[] }[] }
  const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''))

  it('is nbformat 4, installs nothing, imports only what Colab has and runs only the folder\'s scripts', () => {
    expect(nb.nbformat).toBe(4)
    expect(code.length).toBeGreaterThan(3)
    const all = code.join('\n')
    expect(all).not.toMatch(/pip |apt|conda|%pip/)
    const imported = [...all.matchAll(/^(?:import ([\w., ]+)|from ([\w.]+) import)/gm)].flatMap((m) => (m[1] ?? m[2]!).split(',').map((x) => x.trim().split(' ')[0]!))
    expect(new Set(imported)).toEqual(new Set(['io', 'os', 'zipfile', 'google.colab', 'pandas']))
    const scripts = [...all.matchAll(/!python (\S+)/g)].map((m) => m[1]!)
    expect(new Set(scripts)).toEqual(new Set(['train.py', 'predict.py']))
    for (const s of scripts) expect(TORCH_SOURCES[s]).toBeDefined()
  })
})

describe.skipIf(!hasTorchPython())('the PyTorch folder, run by PyTorch', () => {
  it.each([
    ['a quantile model', { ...tiny, head: { kind: 'quantiles', quantiles: [0.1, 0.5, 0.9] } } as ModelConfig, 3],
    ['a quantile model with its median pinned at 0', { ...tiny, head: { kind: 'quantiles', quantiles: [0.1, 0.5, 0.9], median: 'zero' } } as ModelConfig, 3],
    ['a one-value model', { ...tiny, head: { kind: 'value', threshold: 0.5, weight: 5 } } as ModelConfig, 1],
  ])('model.py with the exported weights gives the studio\'s forecasts to 1e-4: %s', async (_, model, outputs) => {
    const { tfModel, dir } = await exported(model, 11)
    const studio = await studioOutputs(tfModel, 'test')
    expect(studio.length).toBeGreaterThan(200 * outputs)
    const py = pythonOutputs(dir, TORCH_WEIGHTS, 'test', outputs)
    const diff = maxDiff(py, studio)
    expect(diff).toBeLessThan(1e-4)
    // the outputs vary from sample to sample far more than they differ, so the comparison is not of constants
    expect(Math.max(...studio) - Math.min(...studio)).toBeGreaterThan(1e-3)
    console.log(`torch export, ${model.head.kind}${'median' in model.head ? ' (median 0)' : ''}: ${studio.length} outputs, largest difference ${diff.toExponential(2)}, range ${(Math.max(...studio) - Math.min(...studio)).toFixed(4)}`)
    tfModel.dispose()
  }, 180_000)

  it('train.py trains one short epoch on the CPU from the studio\'s validation loss, and its weights load back into the studio', async () => {
    const head = { kind: 'quantiles', quantiles: [0.1, 0.5, 0.9] } as const
    const { tfModel, dir } = await exported({ ...tiny, head: { ...head, quantiles: [...head.quantiles] } }, 5)
    const out = python(['train.py', '--epochs', '1', '--max-batches', '4', '--cpu'], dir)
    expect(out.stdout).toMatch(/epoch 1\/1: loss [\d.]+, validation [\d.]+/)
    const history = JSON.parse(readFileSync(join(dir, 'trained.history.json'), 'utf8')) as { initialValLoss: number; epochs: { loss: number; valLoss: number }[]; processes: number }
    // the same loss on the same validation samples as the studio's, from the same weights
    const studioVal = await evaluateLoss(tfModel, coins, 'val', { ...head, quantiles: [...head.quantiles] })
    expect(Math.abs(history.initialValLoss - studioVal) / studioVal).toBeLessThan(1e-5)
    expect(history.epochs).toHaveLength(1)
    expect(history.processes).toBe(1)
    // trained weights differ from the exported ones, and in the studio they forecast what model.py forecasts
    const trained = readSafetensors(readFileSync(join(dir, 'trained.safetensors')))
    const start = readSafetensors(readFileSync(join(dir, TORCH_WEIGHTS)))
    const w = 'dense1.weight'
    expect(maxDiff(trained.tensors.get(w)!.data, start.tensors.get(w)!.data)).toBeGreaterThan(1e-5)
    const specs = tfModel.weights.map((v) => ({ name: v.originalName, shape: v.shape as number[] }))
    const values = new Float32Array(fromTorchStateDict(specs, trained.tensors))
    let at = 0
    tfModel.setWeights(specs.map((s) => {
      const n = s.shape.reduce((a, b) => a * b, 1)
      return tf.tensor(values.subarray(at, (at += n)), s.shape)
    }))
    expect(maxDiff(pythonOutputs(dir, 'trained.safetensors', 'val', 3), await studioOutputs(tfModel, 'val'))).toBeLessThan(1e-4)
    tfModel.dispose()
  }, 300_000)

  it('torchrun --nproc_per_node=2 (gloo) trains on two processes that hold identical weights after a step', async () => {
    const { tfModel, dir } = await exported({ ...tiny, head: { kind: 'quantiles', quantiles: [0.1, 0.5, 0.9] } }, 6)
    tfModel.dispose()
    const port = await freePort()
    // --redirects 1 --tee 1 (stdout copied to a log file as well): torch 1.13's default, 0, fails on Python 3.11,
    // whose Flag enums no longer list the zero member torchrun looks for (fixed in torch 2.0).
    const out = python(['-m', 'torch.distributed.run', '--nproc_per_node=2', `--master_port=${port}`, '--redirects', '1', '--tee', '1', 'train.py', '--epochs', '1', '--max-batches', '2', '--cpu', '--rank-weights'], dir)
    expect(out.stdout).toMatch(/2 process\(es\) on cpu \(gloo\)/)
    const ranks = [0, 1].map((r) => readSafetensors(readFileSync(join(dir, `trained.rank${r}.safetensors`))).tensors)
    const start = readSafetensors(readFileSync(join(dir, TORCH_WEIGHTS))).tensors
    expect([...ranks[0]!.keys()].sort()).toEqual([...start.keys()].sort())
    let moved = 0
    for (const [name, t] of ranks[0]!) {
      expect(ranks[1]!.get(name)!.data, name).toEqual(t.data)
      moved = Math.max(moved, maxDiff(t.data, start.get(name)!.data))
    }
    expect(moved).toBeGreaterThan(1e-5)
  }, 300_000)

  it('train.py --fresh starts the head where the studio starts it, the LSTMs\' forget bias at 1', async () => {
    const model = { ...tiny, head: { kind: 'quantiles', quantiles: [0.1, 0.5, 0.9] } } as ModelConfig
    const { tfModel, dir } = await exported(model, 8)
    initHead(tfModel, headInitFor(coins, model.head))
    const studioBias = [...tfModel.getLayer('quantile_raw').getWeights()[1]!.dataSync()]
    tfModel.dispose()
    const code = [
      'import json, torch', 'from model import build_model, read_run', 'from data import RunData', 'from init import init_like_studio',
      'run = read_run("."); m = build_model(run); init_like_studio(m, run, RunData(".", run))',
      'b = m.h1_lstm1.bias_ih_l0.tolist(); h = m.h1_lstm1.hidden_size',
      'print(json.dumps({"head": m.quantile_raw.bias.tolist(), "forget": b[h:2 * h], "other": b[:h] + b[2 * h:], "hh": m.h1_lstm1.bias_hh_l0.abs().max().item()}))',
    ].join('\n')
    const py = JSON.parse(python(['-c', code], dir).stdout) as { head: number[]; forget: number[]; other: number[]; hh: number }
    expect(maxDiff(py.head, studioBias)).toBeLessThan(1e-6)
    expect(py.forget).toEqual(new Array(6).fill(1))
    expect(py.other).toEqual(new Array(18).fill(0))
    expect(py.hh).toBe(0)
  })

  it('train.py\'s EarlyStopping and ReduceLROnPlateau say what the studio\'s say', () => {
    const losses = [1, 0.8, 0.9, 0.79995, 0.7, 0.7, 0.70001, 0.69, 0.69, 0.69, 0.69, NaN, 0.5]
    const es = new EarlyStopping(3), pl = new ReduceLROnPlateau(0.5, 2, 2e-4)
    let lr = 1e-3
    const studio = losses.map((l, e) => ({ ...es.update(e, l), lr: (lr = pl.update(l, lr)) }))
    const code = [
      'import json, sys', 'from train import EarlyStopping, ReduceLROnPlateau',
      'es, pl, lr, out = EarlyStopping(3), ReduceLROnPlateau(0.5, 2, 2e-4), 1e-3, []',
      'for e, l in enumerate(json.loads(sys.argv[1])):',
      '    i, s = es.update(e, float("nan") if l is None else l)',
      '    lr = pl.update(float("nan") if l is None else l, lr)',
      '    out.append({"improved": i, "stop": s, "lr": lr})',
      'print(json.dumps(out))',
    ].join('\n')
    const dir = join(__dirname, 'torch')
    expect(JSON.parse(python(['-c', code, JSON.stringify(losses)], dir).stdout)).toEqual(studio)
  })
})

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/** A model's weights as the worker's `artifacts` reply holds them (the tfjs Layers format). */
export async function artifactsOf(model: tf.LayersModel): Promise<ModelArtifactsData> {
  let out: ModelArtifactsData | undefined
  await model.save(tf.io.withSaveHandler(async (a) => {
    out = { modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs!, weightData: a.weightData as ArrayBuffer }
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
  }))
  return out!
}
