import * as tf from '@tensorflow/tfjs'
import { gemm, SIMD_MIN_WORK } from '../wasm/gemm'
import { scratch } from '../backend/scratch'
import { rowBlocks, threadBlocks } from './convFilterGrad'
import { GATHER, GATHER_FIELDS, gatherConv1d, gatherLane, GEMM, GEMM_FIELDS, gemmLane, type GatherJob, type GemmJob } from '../lstm/simd/lstmLaneJobs'
import { Blocks, runLanes } from '../lstm/simd/lstmSimd'
import { transpose } from '../lstm/lstmLayout'
import { scratchStart, simd } from '../wasm/simdKernels'
import type { SimdKernels } from '../wasm/types'
import { DIRECT_BACKENDS } from '../backend/tensorIO'
import type { TensorIO } from '../backend/types'

/**
 * dx[b, oh·sh + kh − top, ow·sw + kw − left, ci] += Σ_co dy[b, oh, ow, co] · W[kh, kw, ci, co], NHWC,
 * dilation 1: the input gradient a stacked Conv1D needs. As one matrix product and a scatter:
 *   T [B·OH·OW × fh·fw·ci] = dy [B·OH·OW × co] · Wᵀ, then each row of T is added into the fh × fw
 *   window of dx it came from, dropping what falls in the padding.
 * The product is one call to the SIMD GEMM over the whole batch (tfjs-wasm's kernel took 24 of a
 * 286 ms step at batch 256). Pure over flat Float32Arrays; overwrites `dx`.
 */
export function conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth, padInfo } = info
  const cols = filterHeight * filterWidth * inChannels
  const rows = batchSize * outHeight * outWidth
  const conv1d = inHeight === 1 && filterHeight === 1 && strideWidth === 1 && padInfo.left === 0
  const k = simd()
  // Where gemm() below would run every row through the SIMD kernel, the same products and gather on the LSTM's
  // threads, in the wasm arena: the same numbers.
  if (conv1d && k !== null && rows % 4 === 0 && cols % 8 === 0 && rows * cols * outChannels >= SIMD_MIN_WORK) {
    conv1dInputGradThreads(k, dy, w, dx, batchSize, inWidth, outWidth, filterWidth, inChannels, outChannels)
    return
  }
  // Wᵀ as [co × cols], so the GEMM's B operand is row-major and takes the SIMD path.
  // Reused work buffers (T is 5.7 MB at batch 256): a fresh array per step was zeroed and collected each time.
  const wt = scratch('conv.wt', outChannels * cols)
  transpose(w, cols, outChannels, wt, 0)
  const t = scratch('conv.t', rows * cols)
  gemm(rows, cols, outChannels, dy, 0, outChannels, 1, wt, 0, 1, cols, t, 0, cols, false)
  if (conv1d) {
    gatherConv1d(t, 0, dx, 0, batchSize, inWidth, outWidth, filterWidth, inChannels)
    return
  }
  dx.fill(0)
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let kh = 0; kh < filterHeight; kh++) {
        const ih = oh * strideHeight + kh - padInfo.top
        if (ih < 0 || ih >= inHeight) continue
        for (let ow = 0; ow < outWidth; ow++) {
          let from = ((b * outHeight + oh) * outWidth + ow) * cols + kh * filterWidth * inChannels
          for (let kw = 0; kw < filterWidth; kw++, from += inChannels) {
            const iw = ow * strideWidth + kw - padInfo.left
            if (iw < 0 || iw >= inWidth) continue
            const to = ((b * inHeight + ih) * inWidth + iw) * inChannels
            for (let c = 0; c < inChannels; c++) dx[to + c]! += t[from + c]!
          }
        }
      }
    }
  }
}

/**
 * The Conv1D case in the wasm arena: T's rows in blocks among the LSTM's threads, then each thread gathers the dx rows
 * of its samples (gatherConv1d: each dx row takes its ≤ fw contributions while it sits in L1, no zeroing pass).
 */
function conv1dInputGradThreads(
  k: SimdKernels, dy: Float32Array, w: Float32Array, dx: Float32Array, B: number, W: number, OW: number, fw: number, ci: number, co: number,
): void {
  const cols = fw * ci, rows = B * OW
  const blocks = new Blocks(scratchStart())
  const at = { dy: blocks.take(rows * co), wt: blocks.take(co * cols), t: blocks.take(rows * cols), dx: blocks.take(B * W * ci) }
  const heap = k.arena(blocks.end)
  heap.set(dy, at.dy)
  // Wᵀ as [co × cols], so the GEMM's B operand is row-major.
  transpose(w, cols, co, heap, at.wt)
  const products: GemmJob[] = rowBlocks(rows).map(([r0, n]) => ({ m: n, n: cols, k: co, a: at.dy + r0 * co, aRow: co, aK: 1, b: at.wt, bK: cols, c: at.t + r0 * cols, cRow: cols }))
  runLanes(products, GEMM, GEMM_FIELDS, (j) => gemmLane(k, j))
  const gathers: GatherJob[] = threadBlocks(B).map(([b0, n]) => ({
    t: at.t + b0 * OW * cols, dx: at.dx + b0 * W * ci, batch: n, width: W, outWidth: OW, filterWidth: fw, channels: ci,
  }))
  runLanes(gathers, GATHER, GATHER_FIELDS, (j) => gatherLane(k, j))
  dx.set(k.arena(0).subarray(at.dx, at.dx + B * W * ci))
}

type Attrs = {
  strides: [number, number] | number; pad: 'valid' | 'same' | number; dataFormat: 'NHWC' | 'NCHW'
  dimRoundingMode?: 'floor' | 'round' | 'ceil'; inputShape: [number, number, number, number]
}

function run(io: TensorIO, inputs: tf.NamedTensorInfoMap, a: Attrs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo }
  const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast')
  const out = io.alloc(a.inputShape)
  // Views after the last allocation (see TensorIO).
  const [dyv, wv, dxv] = io.views([dy, filter, out]) as [Float32Array, Float32Array, Float32Array]
  conv2dBackpropInput(dyv, wv, dxv, info)
  return out
}

/**
 * Replaces Conv2DBackpropInput on cpu and wasm with the GEMM form above; NCHW and non-float32 go to
 * the stock kernel. Idempotent: a replaced kernel is marked `studio`.
 */
export function registerConvInputGrad(): void {
  for (const { name, io } of DIRECT_BACKENDS) {
    const stock = tf.getKernel('Conv2DBackpropInput', name)
    if ((stock as { studio?: boolean } | undefined)?.studio) continue
    if (stock) tf.unregisterKernel('Conv2DBackpropInput', name)
    const config: tf.KernelConfig & { studio: boolean } = {
      kernelName: 'Conv2DBackpropInput',
      backendName: name,
      studio: true,
      kernelFunc: (args) => {
        const a = args.attrs as unknown as Attrs
        const plain = a.dataFormat !== 'NCHW' && Object.values(args.inputs).every((t) => t?.dtype === 'float32')
        if (plain) return run(io(args.backend), args.inputs, a)
        if (!stock) throw new Error(`${name} Conv2DBackpropInput: only float32 NHWC is supported here, got ${a.dataFormat}`)
        return stock.kernelFunc(args)
      },
    }
    tf.registerKernel(config)
  }
}
