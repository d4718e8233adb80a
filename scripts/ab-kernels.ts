/**
 * The kernels of a seed-network training step at batch B — the four fused LSTM layers' forward and backward and the
 * two Conv1D layers' gradients, on the wasm SIMD kernels with the LSTM's helper threads — timed for this checkout and
 * for another one (`--other <dir>`, e.g. a `git worktree` of an earlier commit) in ONE process, in alternating rounds
 * (every other round in reverse order). On a shared two-core machine whose speed drifts by tens of percent between
 * minutes, this is how a change to these kernels shows beyond the noise: both sides see the same load, round by round.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx scripts/ab-kernels.ts [--other ../old] [--batch 256] [--threads 2] [--rounds 8] [--parts lstm,conv]
 *
 * Without `--other`, the two sides are this checkout on one thread and on `--threads`: how far the helpers speed the
 * kernels up, measured the same way (and the same numbers on both, as the thread tests demand).
 *
 * Prints each round's ms per step on both sides, the median ratio first / second side (> 1: the second is faster), and
 * checks that both sides compute the same numbers. Node's worker_threads stand in for the page's helper workers.
 */
import { resolve } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { layerOperands, lcgValues, SEED_CONVS, seedLstmLayers, startNodeHelpers } from './seedKernels'
import { arg } from './args'

const B = Number(arg('batch', '256')), THREADS = Number(arg('threads', '2')), ROUNDS = Number(arg('rounds', '8'))
const PARTS = arg('parts', 'lstm,conv').split(',')
const LAYERS = seedLstmLayers(B)

/** One checkout's kernels, each side its own module instances, arena and helpers; a step runs on `threads()` threads. */
async function load(root: string, threads: () => number = () => THREADS): Promise<() => number> {
  const src = resolve(root, 'src/kernels')
  const simdKernels = await import(`${src}/wasm/simdKernels.ts`)
  const lstm = await import(`${src}/lstm/simd/lstmSimd.ts`)
  const helpers = await import(`${src}/lstm/threads/lstmThreads.ts`)
  const filter = await import(`${src}/conv/convFilterGrad.ts`)
  const input = await import(`${src}/conv/convInputGrad.ts`)
  const k = simdKernels.simd()
  if (k === null) throw new Error(`ab-kernels: no wasm SIMD in ${root}`)
  await startNodeHelpers(src, THREADS - 1)
  const layers = LAYERS.map(layerOperands)
  const convs = SEED_CONVS.map(([W, ci, co, dx]) => ({
    info: tf.backend_util.computeConv2DInfo([B, 1, W, ci], [1, 3, ci, co], 1, 1, 'valid'), dx,
    x: lcgValues(B * W * ci, 6), dy: lcgValues(B * (W - 2) * co, 7), w: lcgValues(3 * ci * co, 8),
    dW: new Float32Array(3 * ci * co), dxOut: new Float32Array(B * W * ci),
  }))
  return () => {
    helpers.setLstmThreadLimit(threads())
    // Forward in layer order, backward in reverse, each region released by its backward pass. The API changed once:
    // before the lanes copied the output, lstmOutputKept read it from the kept reserve.
    const ids = (PARTS.includes('lstm') ? layers : []).map((l) => {
      if (lstm.lstmOutputKept === undefined) return lstm.lstmForwardKept(l.s, l.x, l.w, 'ab', { y: l.y, sequences: l.seq })
      const id = lstm.lstmForwardKept(l.s, l.x, l.w, 'ab')
      lstm.lstmOutputKept(l.s, id, l.seq, l.y)
      return id
    })
    for (let i = ids.length - 1; i >= 0; i--) {
      const l = layers[i]!
      lstm.lstmBackwardKept(l.s, l.x, l.w, ids[i], l.dy, l.seq, l.grads)
    }
    for (const c of PARTS.includes('conv') ? convs : []) {
      c.dW.fill(0)
      filter.conv2dBackpropFilter(c.x, c.dy, c.dW, c.info)
      if (c.dx) input.conv2dBackpropInput(c.dy, c.w, c.dxOut, c.info)
    }
    // A digest of the outputs, to check both sides compute the same numbers.
    let sum = 0
    for (const l of layers) sum += l.y[7]! + l.grads.dKernel[5]! + (l.grads.dx?.[3] ?? 0)
    for (const c of convs) sum += c.dW[9]! + c.dxOut[11]!
    return sum
  }
}

async function main(): Promise<void> {
  let sides: (() => number)[]
  if (arg('other', '')) {
    sides = [await load(resolve(arg('other', ''))), await load(resolve('.'))]
  } else {
    // One checkout, one set of helpers: the side decides how many of them run.
    let threadsNow = 1
    const step = await load(resolve('.'), () => threadsNow)
    sides = [1, THREADS].map((t) => () => { threadsNow = t; return step() })
  }
  const names = arg('other', '') ? ['other', 'this'] : ['1 thread', `${THREADS} threads`]
  const digests = sides.map((step) => step())
  console.log(`ab-kernels: batch ${B}, ${names[0]} vs ${names[1]} (${THREADS} thread(s) for a checkout); same numbers on both sides: ${digests[0] === digests[1] ? 'yes' : `NO (${digests.join(' vs ')})`}`)
  const ratios: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const ms = [0, 0]
    for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
      sides[i]!()
      const t0 = performance.now(), n = 6
      for (let r = 0; r < n; r++) sides[i]!()
      ms[i] = (performance.now() - t0) / n
    }
    ratios.push(ms[0]! / ms[1]!)
    console.log(`round ${round + 1}: ${names[0]} ${ms[0]!.toFixed(1)} ms, ${names[1]} ${ms[1]!.toFixed(1)} ms, ratio ${(ms[0]! / ms[1]!).toFixed(3)}`)
  }
  ratios.sort((a, b) => a - b)
  console.log(`median ${names[0]} / ${names[1]}: ${ratios[Math.floor(ratios.length / 2)]!.toFixed(3)} (rounds ${ratios[0]!.toFixed(3)}–${ratios[ratios.length - 1]!.toFixed(3)})`)
  process.exit(0)
}

void main()
