/**
 * Where the fused LSTM's time goes on one thread, and how near its products run to what the GEMM kernel reaches on
 * operands in cache — the four LSTM layers of a seed-network training step at batch B on the wasm SIMD kernels:
 *
 *   node --experimental-wasm-relaxed-simd --import tsx scripts/lstm-breakdown.ts [--batch 256] [--repeats 5] [--no-torch]
 *
 * Prints, per layer and pass, the wall time (uninstrumented), and from an instrumented run the time inside the GEMM
 * calls (with their GFLOP/s), the cell kernels and the row copies, the rest being the drivers' staging; then the
 * GEMM kernel's rate on a product whose operands stay in L1/L2 (32 × 256 × 64, the shape of the first LSTM's
 * recurrent product per lane), and what those figures allow on two threads: the layers' products at that rate and the
 * cell kernels as measured, split perfectly over two threads with nothing serial — the least time these kernels could
 * take. Unless `--no-torch`, it first runs bench/train_torch.py on one thread at the same batch (the reference of
 * `npm run bench -- train`) and sets that bound against PyTorch's whole step.
 */
import { spawnSync } from 'node:child_process'
import { allFeatureNames, SEED_FEATURES } from '../src/features/spec'
import { lstmBackwardKept, lstmForwardKept } from '../src/kernels/lstm/simd/lstmSimd'
import { simd } from '../src/kernels/wasm/simdKernels'
import type { SimdKernels, WasmFn } from '../src/kernels/wasm/types'
import { layerOperands, seedLstmLayers } from './seedKernels'
import { arg } from './args'

const B = Number(arg('batch', '256')), REPEATS = Number(arg('repeats', '5'))

/** An instrumented pass: its own wall time, and the time inside each kind of kernel call. */
interface Bucket { wallMs: number; gemmMs: number; gemmFlops: number; cellMs: number; copyMs: number }
const emptyBucket = (): Bucket => ({ wallMs: 0, gemmMs: 0, gemmFlops: 0, cellMs: 0, copyMs: 0 })

/** PyTorch's training step on one thread at batch B (samples/s), as `npm run bench -- train` measures it. */
function torchSamplesPerSec(): number {
  const features = allFeatureNames(SEED_FEATURES.indicators).length
  const py = spawnSync('/usr/bin/python3', ['bench/train_torch.py', '--batch', String(B), '--seconds', '4', '--features', String(features), '--threads', '1'], { encoding: 'utf8' })
  if (py.status !== 0) throw new Error(`lstm-breakdown: PyTorch reference failed (apt-get install -y python3-torch libopenblas0-pthread; or --no-torch)\n${py.stderr}`)
  return (JSON.parse(py.stdout) as { results: { samplesPerSec: number }[] }).results[0]!.samplesPerSec
}

/** The kernels' entry points wrapped with timers that add into `bucket.current`; `restore` puts the originals back. */
function instrument(k: SimdKernels, bucket: { current: Bucket }): () => void {
  const original = { gemm: k.gemm, cellForward: k.cellForward, cellBackward: k.cellBackward, copyRows: k.copyRows }
  const timed = (fn: WasmFn, add: (ms: number, args: number[]) => void): WasmFn => (...args: number[]) => {
    const t0 = performance.now()
    const r = fn(...args)
    add(performance.now() - t0, args)
    return r
  }
  k.gemm = timed(original.gemm, (ms, [m, n, kk]) => {
    bucket.current.gemmMs += ms
    bucket.current.gemmFlops += 2 * m! * n! * kk!
  })
  k.cellForward = timed(original.cellForward, (ms) => (bucket.current.cellMs += ms))
  k.cellBackward = timed(original.cellBackward, (ms) => (bucket.current.cellMs += ms))
  k.copyRows = timed(original.copyRows, (ms) => (bucket.current.copyMs += ms))
  return () => Object.assign(k, original)
}

/** GFLOP/s of the GEMM kernel on a 32 × 256 × 64 product whose operands stay in cache: the best of five timings. */
function cachedGemmRate(k: SimdKernels): number {
  const m = 32, n = 256, kk = 64, reps = 2000
  const a = 0, b = m * kk, c = b + kk * n
  k.arena(c + m * n).fill(0.01, 0, c + m * n)
  let best = 0
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now()
    for (let r = 0; r < reps; r++) k.gemm(m, n, kk, a * 4, kk * 4, 4, b * 4, n * 4, c * 4, n * 4, 0)
    best = Math.max(best, (2 * m * n * kk * reps) / ((performance.now() - t0) * 1e6))
  }
  return best
}

function main(): void {
  const torch = process.argv.includes('--no-torch') ? undefined : torchSamplesPerSec()
  const k = simd()
  if (k === null) throw new Error('lstm-breakdown: no wasm SIMD here')
  const layers = seedLstmLayers(B).map(layerOperands)
  // A layer's forward and backward pass, ms each; `phase` is told which begins (0 forward, 1 backward) before its clock starts.
  const pass = (l: (typeof layers)[number], phase: (p: 0 | 1) => void = () => {}) => {
    phase(0)
    const t0 = performance.now()
    const id = lstmForwardKept(l.s, l.x, l.w, 'breakdown', { y: l.y, sequences: l.seq })
    const t1 = performance.now()
    phase(1)
    const t2 = performance.now()
    lstmBackwardKept(l.s, l.x, l.w, id, l.dy, l.seq, l.grads)
    return [t1 - t0, performance.now() - t2] as const
  }
  for (const l of layers) pass(l) // warm-up: compiles, arena growth

  // Each repeat runs every layer once plain and once with timers round the kernels, so both see the same machine.
  const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!
  const bucket = { current: emptyBucket() }
  const plain: (readonly [number, number])[][] = layers.map(() => [])
  const parts = layers.map(() => [emptyBucket(), emptyBucket()] as const)
  for (let r = 0; r < REPEATS; r++) {
    layers.forEach((l, i) => {
      plain[i]!.push(pass(l))
      const restore = instrument(k, bucket)
      const [fw, bw] = parts[i]!
      const [fwMs, bwMs] = pass(l, (p) => (bucket.current = p === 0 ? fw : bw))
      restore()
      fw.wallMs += fwMs
      bw.wallMs += bwMs
    })
  }
  const wall = plain.map((runs) => [median(runs.map((r) => r[0])), median(runs.map((r) => r[1]))] as const)
  for (const b of parts.flat()) {
    b.wallMs /= REPEATS
    b.gemmMs /= REPEATS
    b.gemmFlops /= REPEATS
    b.cellMs /= REPEATS
    b.copyMs /= REPEATS
  }
  const peak = cachedGemmRate(k)

  console.log(`lstm-breakdown: the seed network's four fused LSTM layers at batch ${B}, one thread, wasm SIMD${k.fma ? ' with relaxed-SIMD FMAs' : ''}; ms per pass (wall: median of ${REPEATS} uninstrumented passes; parts: mean of ${REPEATS} instrumented ones, interleaved with them)`)
  const head = ['layer', 'pass', 'wall ms', 'timed wall ms', 'GEMM ms', 'GEMM GFLOP/s', 'cell ms', 'copies ms', 'rest ms']
  const rows: string[][] = []
  const total = { wall: 0, wallMs: 0, gemmMs: 0, gemmFlops: 0, cellMs: 0, copyMs: 0 }
  layers.forEach((l, i) => {
    ;(['forward', 'backward'] as const).forEach((name, p) => {
      const w = wall[i]![p]!, b = parts[i]![p]!
      total.wall += w
      total.wallMs += b.wallMs
      total.gemmMs += b.gemmMs
      total.gemmFlops += b.gemmFlops
      total.cellMs += b.cellMs
      total.copyMs += b.copyMs
      rows.push([`${i + 1}: ${l.s.inputDim}→${l.s.units}, T ${l.s.time}`, name, w.toFixed(2), b.wallMs.toFixed(2), b.gemmMs.toFixed(2), (b.gemmFlops / b.gemmMs / 1e6).toFixed(1),
        b.cellMs.toFixed(2), b.copyMs.toFixed(2), (b.wallMs - b.gemmMs - b.cellMs - b.copyMs).toFixed(2)])
    })
  })
  rows.push(['all', '', total.wall.toFixed(2), total.wallMs.toFixed(2), total.gemmMs.toFixed(2), (total.gemmFlops / total.gemmMs / 1e6).toFixed(1), total.cellMs.toFixed(2),
    total.copyMs.toFixed(2), (total.wallMs - total.gemmMs - total.cellMs - total.copyMs).toFixed(2)])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  for (const r of [head, ...rows]) console.log(r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))

  console.log(`timed wall: the instrumented passes (mean), whose parts include the timers' own cost; rest = timed wall − the kernels: the drivers' staging, outside any kernel`)
  const flops = total.gemmFlops / 1e9
  const atPeak = total.gemmFlops / (peak * 1e6)
  const floor2 = (atPeak + total.cellMs) / 2
  console.log(`GEMM kernel on operands in cache (32 × 256 × 64): ${peak.toFixed(1)} GFLOP/s; the layers' products, ${flops.toFixed(2)} GFLOP a step, ran at ${(total.gemmFlops / total.gemmMs / 1e6).toFixed(1)} (${((total.gemmFlops / total.gemmMs / 1e6 / peak) * 100).toFixed(0)} % of it)`)
  console.log(`one thread: ${total.wall.toFixed(1)} ms a step in these layers; at the cached rate and with today's cell kernels, split perfectly over two threads with nothing serial: ${floor2.toFixed(1)} ms`)
  if (torch !== undefined) {
    const torchMs = (B / torch) * 1000
    console.log(`PyTorch (bench/train_torch.py, one thread, the whole step): ${torch.toFixed(0)} samples/s, ${torchMs.toFixed(1)} ms a step; 2× PyTorch needs a whole step in ${(torchMs / 2).toFixed(1)} ms, `
      + `leaving ${(torchMs / 2 - floor2).toFixed(1)} ms beside that least LSTM time for everything else (Conv1D, dense layers, loss, Adam, tfjs, the drivers' copies)`)
  }
}

main()
