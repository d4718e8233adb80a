/** `npm run bench -- train`: the seed network's training speed in the browser against PyTorch on the same CPU. */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { allFeatureNames, SEED_FEATURES } from '../src/features/spec'
import type { BackendName } from '../src/workers/backends'
import { TRAIN_BENCH_DEFAULTS, type TrainBenchOptions, type TrainBenchResult, type TrainBenchRow } from '../bench/page/types'
import { runInBrowser } from './benchBrowser'

/** What bench/train_torch.py prints. */
interface TorchResult {
  torch: string
  /** 'openblas', or the BLAS that would make the reference ~4× slow. */
  blas: string
  threads: number
  blasThreads: string
  results: { batch: number; samplesPerSec: number; steps: number; seconds: number }[]
}

export interface TrainCommand {
  /** Minimum timed seconds per configuration, in PyTorch and in the browser. */
  seconds: number
  /** Cap on timed seconds per browser row (s). */
  maxSeconds: number
  batches: number[]
  backends: BackendName[]
  /** Where to write the JSON summary, if anywhere. */
  json?: string
}

export function parseTrainArgs(opt: (name: string) => string | undefined): TrainCommand {
  const d = TRAIN_BENCH_DEFAULTS
  const seconds = Number(opt('seconds') ?? d.seconds)
  const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean)
  return {
    seconds,
    maxSeconds: Number(opt('max-seconds') ?? Math.max(d.maxSeconds, seconds)),
    batches: list(opt('batch'))?.map(Number) ?? d.batches,
    backends: (list(opt('backends')) as BackendName[] | undefined) ?? d.backends,
    json: opt('json'),
  }
}

/** The seed model in PyTorch on `threads` threads (torch and OpenBLAS both), with the studio's feature count. */
function runTorch(cmd: TrainCommand, threads: number): TorchResult {
  const features = allFeatureNames(SEED_FEATURES.indicators).length
  const py = spawnSync('/usr/bin/python3', [
    'bench/train_torch.py', '--batch', cmd.batches.join(','), '--seconds', String(cmd.seconds), '--features', String(features), '--threads', String(threads),
  ], { encoding: 'utf8' })
  if (py.status !== 0) {
    throw new Error(`bench: PyTorch reference failed (apt-get install -y python3-torch libopenblas0-pthread)\n${py.stderr}`)
  }
  if (py.stderr) process.stderr.write(py.stderr)
  return JSON.parse(py.stdout) as TorchResult
}

export async function benchTrainCommand(cmd: TrainCommand): Promise<void> {
  // PyTorch first, alone: the browser's build and Chromium would otherwise share the cores with it. On one
  // thread and on two, as the studio's fused LSTM runs on two where it can; each ratio is to the faster.
  const torch = [1, 2].map((threads) => runTorch(cmd, threads))
  for (const t of torch) {
    console.error(`bench: PyTorch ${t.torch} (${t.blas}, ${t.threads} thread(s)): ${t.results.map((r) => `batch ${r.batch} ${r.samplesPerSec.toFixed(0)} samples/s`).join(', ')}`)
  }
  const options: TrainBenchOptions = { ...TRAIN_BENCH_DEFAULTS, seconds: cmd.seconds, maxSeconds: cmd.maxSeconds, batches: cmd.batches, backends: cmd.backends }
  // WebGPU needs the flag in Linux Chromium; with no GPU it then runs on SwiftShader.
  const browser = await runInBrowser<TrainBenchResult>('train', 1, [], options)
  const ref = new Map<number, number>()
  for (const r of torch.flatMap((t) => t.results)) ref.set(r.batch, Math.max(ref.get(r.batch) ?? 0, r.samplesPerSec))
  printTable(browser, torch, ref)
  if (cmd.json) {
    const rows = browser.rows.map(({ backend, lstm, threads, lanes, batch, samplesPerSec, kernelsPerStep, peakBytes }) => ({ backend, lstm, threads, ...(lstm === 'fused' && (backend === 'cpu' || backend === 'wasm') ? { lanes } : {}), batch, samplesPerSec, kernelsPerStep, peakBytes }))
    const reference = torch.flatMap((t) => t.results.map((r) => ({ name: 'pytorch', threads: t.threads, batch: r.batch, samplesPerSec: r.samplesPerSec })))
    writeFileSync(cmd.json, JSON.stringify({ rows, reference, skipped: browser.skipped, notes: browser.notes }, null, 2) + '\n')
  }
}

function printTable(b: TrainBenchResult, torch: TorchResult[], ref: Map<number, number>): void {
  const software = new Set(b.notes.filter((n) => /software/.test(n.note)).map((n) => n.backend))
  const label = (r: TrainBenchRow) => (software.has(r.backend) ? `${r.backend} (software)` : r.backend)
  console.log(`train: seed dual-stream model, window ${b.window}, ${b.features} features per stream, Adam(1e-3), pinball loss; tfjs ${b.tfjs} in Chromium`)
  console.log(`reference: PyTorch ${torch[0]!.torch}, BLAS ${torch[0]!.blas}, on ${torch.map((t) => `${t.threads} (BLAS ${t.blasThreads})`).join(' and on ')} threads; × PyTorch is to the faster at that batch`)
  const head = ['backend', 'lstm', 'threads', 'lanes', 'batch', 'samples/s', '× PyTorch', 'kernels/step', 'peak MB', 'steps']
  const lines: string[][] = torch.flatMap((t) => t.results.map((r) => [
    'pytorch', '', String(t.threads), '', String(r.batch), r.samplesPerSec.toFixed(1), (r.samplesPerSec / ref.get(r.batch)!).toFixed(3), '', '', String(r.steps)]))
  const laned = (r: TrainBenchRow) => r.lstm === 'fused' && (r.backend === 'cpu' || r.backend === 'wasm')
  for (const r of b.rows) {
    const p = ref.get(r.batch)
    lines.push([label(r), r.lstm, String(r.threads), laned(r) ? String(r.lanes) : '', String(r.batch), r.samplesPerSec.toFixed(1), p ? (r.samplesPerSec / p).toFixed(3) : '', String(r.kernelsPerStep), (r.peakBytes / 2 ** 20).toFixed(1), String(r.steps)])
  }
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const fmt = (l: string[]) => l.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(fmt(head))
  for (const l of lines) console.log(fmt(l))
  // The profiler times each kernel alone; what no kernel accounts for is the engine's own JS (tape, bookkeeping).
  console.log('\nwhere one profiled step goes (kernel ms summed by name; "other" = step wall time outside the listed kernels):')
  for (const r of b.rows) {
    const listed = r.topKernels.reduce((s, k) => s + k.ms, 0)
    const parts = r.topKernels.map((k) => `${k.name}×${k.count} ${k.ms.toFixed(1)}`).join(', ')
    console.log(`  ${label(r)} ${r.lstm} ${r.threads}t${laned(r) ? ` ${r.lanes} lanes` : ''} ${r.batch}: ${r.profiledMs.toFixed(0)} ms = ${parts}, other ${(r.profiledMs - listed).toFixed(1)}`)
  }
  for (const s of b.skipped) console.log(`skipped ${s.backend}: ${s.reason}`)
  for (const n of b.notes) console.log(`note ${n.backend}: ${n.note}`)
  for (const r of b.rows.filter((r) => r.leakedTensors !== 0)) console.log(`leak: ${r.backend} ${r.lstm} ${r.batch} left ${r.leakedTensors} tensors`)
  if (torch.some((t) => t.blas !== 'openblas')) console.log(`warning: PyTorch ran without OpenBLAS (${torch[0]!.blas}): the ratios flatter the studio`)
}
