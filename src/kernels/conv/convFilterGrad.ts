import * as tf from '@tensorflow/tfjs'
import { gemm, SIMD_MIN_WORK } from '../wasm/gemm'
import { scratch } from '../backend/scratch'
import { GEMM, GEMM_FIELDS, gemmLane, type GemmJob } from '../lstm/simd/lstmLaneJobs'
import { Blocks, runLanes } from '../lstm/simd/lstmSimd'
import { evenSplit } from '../lstm/lstmLayout'
import { lstmThreads } from '../lstm/threads/lstmThreads'
import { scratchStart, simd } from '../wasm/simdKernels'
import type { SimdKernels } from '../wasm/types'
import type { CpuBackendLike, WasmBackendLike } from '../backend/types'

/**
 * dW[kh, kw, ci, co] = Σ over batch and output positions of x[b, oh·sh + kh − top, ow·sw + kw − left, ci] ·
 * dy[b, oh, ow, co], for NHWC input and dilation 1: what Conv1D needs to train.
 * Pure over flat Float32Arrays; `dw` must be zeroed.
 */
export function conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  if (!filterGradGemm(x, dy, dw, info)) filterGradLoops(x, dy, dw, info)
}

/**
 * Where no output column reads horizontal padding (valid padding, any stride), the filter row kh's
 * gradient is one matrix product per input row: dW[kh] (fw·ci × co) += Wᵀ · dy[b, oh], where row ow of
 * W (OW × fw·ci) is the fw·ci contiguous floats of x starting at column ow·sw, so W is x itself read
 * with a stride. The SIMD GEMM then does the work (the loops below took 46 of a 286 ms wasm step at
 * batch 256). Returns false where the form does not apply.
 */
function filterGradGemm(x: Float32Array, dy: Float32Array, dw: Float32Array, info: tf.backend_util.Conv2DInfo): boolean {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth, padInfo } = info
  if (padInfo.left !== 0 || (outWidth - 1) * strideWidth + filterWidth > inWidth || info.dilationWidth !== 1 || info.dilationHeight !== 1) return false
  const rowLen = filterWidth * inChannels
  if (inHeight === 1 && filterHeight === 1 && strideWidth === 1 && outWidth === inWidth - filterWidth + 1) {
    conv1dFilterGrad(x, dy, dw, batchSize, inWidth, outWidth, inChannels, filterWidth, outChannels)
    return true
  }
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let kh = 0; kh < filterHeight; kh++) {
        const ih = oh * strideHeight + kh - padInfo.top
        if (ih < 0 || ih >= inHeight) continue
        gemm(rowLen, outChannels, outWidth,
          x, (b * inHeight + ih) * inWidth * inChannels, 1, strideWidth * inChannels,
          dy, (b * outHeight + oh) * outWidth * outChannels, 1, outChannels,
          dw, kh * rowLen * outChannels, outChannels, true)
      }
    }
  }
  return true
}

/**
 * The Conv1D case (one row, stride 1) as ONE product over the whole batch: K runs over r = b·W + ow for
 * every ow < W, so x's windows are read with one stride (ci) across sample boundaries; the windows that
 * straddle two samples (ow ≥ OW) meet zero rows of a padded copy of dy and add nothing. The per-sample
 * products cost 512 GEMM calls a step at batch 256, each copying its operands into the wasm arena.
 */
function conv1dFilterGrad(
  x: Float32Array, dy: Float32Array, dw: Float32Array, B: number, W: number, OW: number, ci: number, fw: number, co: number,
): void {
  const k = simd(), m = fw * ci, K = B * W - (W - OW), edge = m % 4
  // Where gemm() below would run every row through the SIMD kernel (its m % 4 edge rows too), the same products
  // in blocks of rows on the LSTM's threads: the same numbers.
  if (k !== null && co % 8 === 0 && m >= 4 && m * co * K >= SIMD_MIN_WORK && (edge === 0 || edge * co * K >= SIMD_MIN_WORK)) {
    conv1dFilterGradThreads(k, x, dy, dw, B, W, OW, ci, m, K, co)
    return
  }
  const dyPad = scratch('conv.dyPad', B * W * co)
  for (let b = 0; b < B; b++) {
    dyPad.set(dy.subarray(b * OW * co, (b + 1) * OW * co), b * W * co)
    dyPad.fill(0, (b * W + OW) * co, (b + 1) * W * co)
  }
  // The last sample's straddling windows would read past x: K stops where they begin.
  gemm(fw * ci, co, B * W - (W - OW), x, 0, 1, ci, dyPad, 0, 1, co, dw, 0, co, false)
}

/**
 * conv1dFilterGrad in the wasm arena, its rows (rounded up to 4: the extra rows read the next window's first floats,
 * or zeros past x's end, and are dropped) split in blocks of 4k rows among the LSTM's threads.
 */
function conv1dFilterGradThreads(
  k: SimdKernels, x: Float32Array, dy: Float32Array, dw: Float32Array, B: number, W: number, OW: number, ci: number, m: number, K: number, co: number,
): void {
  const m4 = (m + 3) & ~3
  const blocks = new Blocks(scratchStart())
  const at = { x: blocks.take(B * W * ci + m4), dy: blocks.take(B * W * co), dw: blocks.take(m4 * co) }
  const heap = k.arena(blocks.end)
  heap.set(x, at.x)
  heap.fill(0, at.x + B * W * ci, at.x + B * W * ci + m4)
  for (let b = 0; b < B; b++) {
    heap.set(dy.subarray(b * OW * co, (b + 1) * OW * co), at.dy + b * W * co)
    heap.fill(0, at.dy + (b * W + OW) * co, at.dy + (b + 1) * W * co)
  }
  const jobs: GemmJob[] = rowBlocks(m4).map(([r0, rows]) => ({ m: rows, n: co, k: K, a: at.x + r0, aRow: 1, aK: ci, b: at.dy, bK: co, c: at.dw + r0 * co, cRow: co }))
  runLanes(jobs, GEMM, GEMM_FIELDS, (j) => gemmLane(k, j))
  dw.set(k.arena(0).subarray(at.dw, at.dw + m * co))
}

/** [first row, rows] blocks of `rows` (a multiple of 4), one a thread, each a multiple of 4 rows. */
export function rowBlocks(rows: number): [number, number][] {
  return threadBlocks(rows / 4).map(([first, n]) => [4 * first, 4 * n])
}

/** [first, count] blocks of `count` items, one a thread (at most one an item), the first ones one item larger where they do not divide evenly. */
export function threadBlocks(count: number): [number, number][] {
  return evenSplit(count, Math.min(count, lstmThreads()))
}

/** Any padding and stride, one multiply-add at a time. */
function filterGradLoops(x: Float32Array, dy: Float32Array, dw: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth, padInfo } = info
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyAt = ((b * outHeight + oh) * outWidth + ow) * outChannels
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh - padInfo.top
          if (ih < 0 || ih >= inHeight) continue
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw - padInfo.left
            if (iw < 0 || iw >= inWidth) continue
            const xAt = ((b * inHeight + ih) * inWidth + iw) * inChannels
            const wAt = (kh * filterWidth + kw) * inChannels * outChannels
            for (let ci = 0; ci < inChannels; ci++) {
              const xv = x[xAt + ci]!
              if (xv === 0) continue
              const row = wAt + ci * outChannels
              for (let co = 0; co < outChannels; co++) dw[row + co]! += xv * dy[dyAt + co]!
            }
          }
        }
      }
    }
  }
}

type Attrs = {
  strides: [number, number] | number; pad: 'valid' | 'same' | number; dataFormat: 'NHWC' | 'NCHW'
  dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number]
}

function infoOf(x: tf.TensorInfo, a: Attrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast')
}

/**
 * Conv2DBackpropFilter for the wasm backend, which ships none in tfjs 4.22 (so Conv1D could not train there),
 * and for the cpu backend, whose own took 300 of a 398 ms training step of the seed model (this one: ~6 ms).
 * NCHW on cpu goes to tfjs's kernel. Registering needs no backend package: the registry is keyed by name.
 */
export function registerConvFilterGrad(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') == null) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo }
        const a = attrs as unknown as Attrs
        if (a.dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter: only NHWC is supported')
        const be = backend as WasmBackendLike
        const out = be.makeOutput(a.filterShape, 'float32')
        // Views after the last allocation: a malloc may grow the heap and detach earlier views.
        const [xv, dyv, dwv] = [x, dy, out].map((t) => be.typedArrayFromHeap(t) as Float32Array)
        dwv!.fill(0)
        conv2dBackpropFilter(xv!, dyv!, dwv!, infoOf(x, a))
        return out
      },
    })
  }
  const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu')
  if (stock && !(stock as { studio?: boolean }).studio) {
    tf.unregisterKernel('Conv2DBackpropFilter', 'cpu')
    const config: tf.KernelConfig & { studio: boolean } = {
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'cpu',
      studio: true,
      kernelFunc: (args) => {
        const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo }
        const a = args.attrs as unknown as Attrs
        if (a.dataFormat === 'NCHW') return stock.kernelFunc(args)
        const be = args.backend as CpuBackendLike
        const dw = new Float32Array(a.filterShape.reduce((m, d) => m * d, 1))
        conv2dBackpropFilter(be.data.get(x.dataId).values as Float32Array, be.data.get(dy.dataId).values as Float32Array, dw, infoOf(x, a))
        return be.makeTensorInfo(a.filterShape, 'float32', dw)
      },
    }
    tf.registerKernel(config)
  }
}
