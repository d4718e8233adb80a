/**
 * `npm run bench -- fit`: the Train cell's whole loop on the bundled data (the Quick and the Full preset's coins),
 * at fixed batch sizes, against the step benchmark at the same batch and a PyTorch training script over the same
 * windows, all in one run.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PRESETS } from '../src/config/presets'
import { decodeCandleFile, toArrayBuffer } from '../src/data/decode'
import type { Series } from '../src/data/types'
import { calendarCut, spanOf } from '../src/features/calendar'
import { buildCoinFeatures } from '../src/features/pipeline'
import { DEFAULT_FEATURES } from '../src/features/spec'
import type { CoinFeatures } from '../src/features/types'
import { firstSamples } from '../src/features/windows'
import { coinInputs } from '../src/workers/featuresPool'
import { TRAIN_BENCH_DEFAULTS, type FitBenchResult, type FitPlan } from '../bench/page/types'
import { runInBrowser } from './benchBrowser'

export interface FitCommand {
  batches: number[]
  presets: ('quick' | 'full')[]
  /** Training samples per epoch (rounded up to whole batches). */
  samples: number
  /** Epochs run per row, the first `warmup` of them not timed. */
  epochs: number
  warmup: number
  /** Seconds of the step benchmark per row. */
  seconds: number
  json?: string
}

export function parseFitArgs(opt: (name: string) => string | undefined): FitCommand {
  const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean)
  return {
    batches: list(opt('batch'))?.map(Number) ?? [32, 256],
    presets: (list(opt('presets')) as FitCommand['presets'] | undefined) ?? ['quick', 'full'],
    samples: Number(opt('samples') ?? 4096),
    epochs: Number(opt('epochs') ?? 3),
    warmup: 1,
    seconds: Number(opt('seconds') ?? 4),
    json: opt('json'),
  }
}

/** The studio's features of every bundled coin, as the Features cell builds them (the same code, run in Node). */
export async function bundledFeatures(): Promise<CoinFeatures[]> {
  const series: Series[] = []
  for (const f of readdirSync('public/data').filter((f) => f.endsWith('.parquet')).sort()) {
    series.push(...(await decodeCandleFile(toArrayBuffer(readFileSync(join('public/data', f))), f, {}, 'bundled')).series)
  }
  const { coins } = coinInputs(series)
  const cut = calendarCut(coins.map((c) => spanOf(c.h1.candles.openTime, c.m15.candles.openTime)), DEFAULT_FEATURES.split)
  return coins.map((c) => buildCoinFeatures(c.symbol, c.h1.candles, c.m15.candles, DEFAULT_FEATURES, cut))
}

/**
 * One row's plan. Validation keeps as many samples, relative to the epoch's training samples, as the preset's
 * real epoch has (Quick: 200 batches of 64 against its three coins' validation split), so it weighs in the
 * end-to-end rate as in a real run.
 */
function planFor(preset: FitCommand['presets'][number], all: readonly CoinFeatures[], batch: number, cmd: FitCommand): { plan: FitPlan; coins: CoinFeatures[] } {
  const t = PRESETS[preset].train
  const picked = t.coins.length ? all.filter((c) => t.coins.includes(c.symbol)) : [...all]
  const train = picked.reduce((n, c) => n + c.samples.train.end1h.length, 0)
  const val = picked.reduce((n, c) => n + c.samples.val.end1h.length, 0)
  const realEpoch = Math.min(train, t.maxBatchesPerEpoch > 0 ? t.maxBatchesPerEpoch * t.batchSize : Infinity)
  const batches = Math.ceil(cmd.samples / batch)
  const keep = Math.min(1, (Math.min(train, batches * batch) * val) / realEpoch / Math.max(1, val))
  const valPerCoin = Object.fromEntries(picked.map((c) => [c.symbol, Math.round(c.samples.val.end1h.length * keep)]))
  const trainPerCoin = Object.fromEntries(picked.map((c) => [c.symbol, c.samples.train.end1h.length]))
  // Patience beyond the epochs: every row runs them all.
  const plan: FitPlan = {
    preset, trainPerCoin, valPerCoin, warmupEpochs: cmd.warmup,
    train: { ...t, batchSize: batch, maxBatchesPerEpoch: batches, epochs: cmd.epochs, patience: cmd.epochs + 1, plateau: { ...t.plateau, patience: cmd.epochs + 1 } },
  }
  return { plan, coins: picked.map((c) => ({ ...c, samples: { ...c.samples, val: firstSamples(c.samples.val, valPerCoin[c.symbol]!) } })) }
}

/** What bench/fit_torch.py reads: each coin's matrices and its samples' rows and targets, raw little-endian. */
function writeWindows(dir: string, coins: readonly CoinFeatures[]): void {
  mkdirSync(dir, { recursive: true })
  const put = (name: string, a: Float32Array | Int32Array) => writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
  for (const c of coins) {
    put(`${c.symbol}.h1.f32`, c.h1.data)
    put(`${c.symbol}.m15.f32`, c.m15.data)
    for (const split of ['train', 'val'] as const) {
      const s = c.samples[split]
      put(`${c.symbol}.${split}.end1h.i32`, s.end1h)
      put(`${c.symbol}.${split}.end15m.i32`, s.end15m)
      put(`${c.symbol}.${split}.y.f32`, Float32Array.from(s.target, (v, i) => v / s.scale[i]!))
    }
  }
  const manifest = { window: coins[0]!.window, features: coins[0]!.h1.features, coins: coins.map((c) => ({ symbol: c.symbol, h1Rows: c.h1.rows, m15Rows: c.m15.rows })) }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest))
}

interface TorchFit {
  torch: string
  threads: number
  batch: number
  samplesPerSec: number
  /** Whether an epoch's batches were cut at EPOCH_SECONDS. */
  capped: boolean
  breakdown: Record<string, number>
}

/** PyTorch epochs stop taking batches after this long: on two threads it can crawl on a loaded two-core machine. */
const EPOCH_SECONDS = 10

function runTorch(dir: string, plan: FitPlan, threads: number): TorchFit {
  const py = spawnSync('/usr/bin/python3', [
    'bench/fit_torch.py', '--data', dir, '--batch', String(plan.train.batchSize), '--batches', String(plan.train.maxBatchesPerEpoch),
    '--epochs', String(plan.train.epochs), '--warmup', String(plan.warmupEpochs), '--threads', String(threads), '--checkpoint', join(dir, 'checkpoint.pt'),
    '--epoch-seconds', String(EPOCH_SECONDS),
  ], { encoding: 'utf8' })
  if (py.status !== 0) throw new Error(`bench: PyTorch fit script failed (apt-get install -y python3-torch libopenblas0-pthread)\n${py.stderr}`)
  return JSON.parse(py.stdout) as TorchFit
}

export async function benchFitCommand(cmd: FitCommand): Promise<void> {
  const all = await bundledFeatures()
  const tmp = mkdtempSync(join(tmpdir(), 'bench-fit-'))
  const plans: FitPlan[] = []
  const torch: { preset: string; runs: TorchFit[] }[] = []
  try {
    // PyTorch first, alone, as in `bench -- train`: Chromium would otherwise share the cores with it.
    for (const preset of cmd.presets) {
      for (const batch of cmd.batches) {
        const { plan, coins } = planFor(preset, all, batch, cmd)
        const dir = join(tmp, `${preset}-${batch}`)
        writeWindows(dir, coins)
        plans.push(plan)
        const runs = [1, 2].map((threads) => runTorch(dir, plan, threads))
        for (const r of runs) console.error(`bench: PyTorch ${preset} batch ${batch}, ${r.threads} thread(s): ${r.samplesPerSec.toFixed(1)} samples/s${r.capped ? ` (epochs cut at ${EPOCH_SECONDS} s)` : ''}`)
        torch.push({ preset, runs })
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  const step = { ...TRAIN_BENCH_DEFAULTS, seconds: cmd.seconds, backends: ['wasm' as const] }
  const browser = await runInBrowser<FitBenchResult>('fit', 1, [], { plans, step })
  printFit(browser, torch)
  if (cmd.json) {
    const rows = browser.rows.map(({ preset, batch, samplesPerSec, stepSamplesPerSec, stepRuns, breakdown }) => ({ preset, batch, samplesPerSec, stepSamplesPerSec, stepRuns, breakdown }))
    const reference = torch.flatMap((t) => t.runs.map((r) => ({ name: 'pytorch', preset: t.preset, threads: r.threads, batch: r.batch, samplesPerSec: r.samplesPerSec, capped: r.capped, breakdown: r.breakdown })))
    writeFileSync(cmd.json, JSON.stringify({ rows, reference }, null, 2) + '\n')
  }
}

function printFit(b: FitBenchResult, torch: { preset: string; runs: TorchFit[] }[]): void {
  console.log(`fit: seed dual-stream model, ${b.features} features per stream (Studio set), wasm, fused LSTM; tfjs ${b.tfjs} in Chromium; PyTorch ${torch[0]?.runs[0]?.torch}`)
  // "steps / epoch": the share of the loop's own wall time spent in its steps, which a load that changes between
  // the step benchmark's minutes and the loop's does not move.
  // "step samples/s": the mean of the step benchmark right before the loop and right after it (both in brackets).
  console.log('preset  batch  epoch samples  val samples  fit samples/s  step samples/s [before, after]  fit/step  steps/epoch  PyTorch 1t  PyTorch 2t  fit × PyTorch')
  for (const r of b.rows) {
    const t = torch.find((x) => x.preset === r.preset && x.runs[0]!.batch === r.batch)!.runs
    const best = Math.max(...t.map((x) => x.samplesPerSec))
    const epochMs = Object.values(r.breakdown).reduce((a, v) => a + v, 0)
    console.log([
      r.preset.padEnd(6), String(r.batch).padStart(5), String(r.samplesPerEpoch).padStart(13), String(r.valSamples).padStart(11),
      r.samplesPerSec.toFixed(1).padStart(13), `${r.stepSamplesPerSec.toFixed(1)} [${r.stepRuns.map((v) => v.toFixed(0)).join(', ')}]`.padStart(31),
      (r.samplesPerSec / r.stepSamplesPerSec).toFixed(3).padStart(8),
      ((r.breakdown.forwardBackward + r.breakdown.optimizer) / epochMs).toFixed(3).padStart(11),
      t[0]!.samplesPerSec.toFixed(1).padStart(10), t[1]!.samplesPerSec.toFixed(1).padStart(10), (r.samplesPerSec / best).toFixed(3).padStart(13),
    ].join('  '))
  }
  console.log('\nwhere a timed epoch goes (ms per epoch; optimizer = the step × Adam\'s share of a profiled step):')
  for (const r of b.rows) {
    const valRate = (r.valSamples * 1000) / r.breakdown.validation
    console.log(`  studio ${r.preset} ${r.batch}: validation ${valRate.toFixed(0)} samples/s; the step benchmark's forward pass alone ${r.forwardSamplesPerSec.toFixed(0)} samples/s`)
    const parts = Object.entries(r.breakdown).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')
    console.log(`  studio ${r.preset} ${r.batch} (LSTM on ${r.lstmThreads} threads): ${parts}`)
    for (const t of torch.find((x) => x.preset === r.preset && x.runs[0]!.batch === r.batch)!.runs) {
      console.log(`  PyTorch ${t.threads}t ${r.preset} ${r.batch}: ${Object.entries(t.breakdown).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}${t.capped ? ` (epochs cut at ${EPOCH_SECONDS} s)` : ''}`)
    }
  }
}
