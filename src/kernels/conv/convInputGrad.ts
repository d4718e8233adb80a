import * as tf from '@tensorflow/tfjs'
import { gemm } from '../wasm/gemm'
import { scratch } from '../backend/scratch'
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
  // Wᵀ as [co × cols], so the GEMM's B operand is row-major and takes the SIMD path.
  // Reused work buffers (T is 5.7 MB at batch 256): a fresh array per step was zeroed and collected each time.
  const wt = scratch('conv.wt', outChannels * cols)
  for (let j = 0; j < cols; j++) for (let k = 0; k < outChannels; k++) wt[k * cols + j] = w[j * outChannels + k]!
  const t = scratch('conv.t', rows * cols)
  gemm(rows, cols, outChannels, dy, 0, outChannels, 1, wt, 0, 1, cols, t, 0, cols, false)
  if (inHeight === 1 && filterHeight === 1 && strideWidth === 1 && padInfo.left === 0) {
    gatherConv1d(t, dx, batchSize, inWidth, outWidth, filterWidth, inChannels)
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
 * The Conv1D case (one row, stride 1, no left padding) gathered instead of scattered: each dx row takes
 * its ≤ fw contributions while it sits in L1, with no zeroing pass over dx first.
 */
function gatherConv1d(t: Float32Array, dx: Float32Array, B: number, W: number, OW: number, fw: number, ci: number): void {
  const cols = fw * ci
  for (let b = 0; b < B; b++) {
    for (let iw = 0; iw < W; iw++) {
      const kwFrom = Math.max(0, iw - OW + 1), kwTo = Math.min(fw, iw + 1)
      const to = (b * W + iw) * ci
      // The first contribution sets the row (in L1 from then on), the others add to it.
      let from = (b * OW + iw - kwFrom) * cols + kwFrom * ci
      for (let c = 0; c < ci; c++) dx[to + c] = t[from + c]!
      for (let kw = kwFrom + 1; kw < kwTo; kw++) {
        from += ci - cols
        for (let c = 0; c < ci; c++) dx[to + c] = dx[to + c]! + t[from + c]!
      }
    }
  }
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
