import * as tf from '@tensorflow/tfjs'

/** The parts of tfjs-backend-wasm's backend this kernel uses: tensors live in the wasm heap. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array
}

/**
 * dW[kh, kw, ci, co] = Σ over batch and output positions of x[b, oh·sh + kh − top, ow·sw + kw − left, ci] ·
 * dy[b, oh, ow, co], for NHWC input and dilation 1: what Conv1D needs to train.
 * Pure over flat Float32Arrays; `dw` must be zeroed.
 */
export function conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, info: tf.backend_util.Conv2DInfo): void {
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

/**
 * tfjs-backend-wasm 4.22 ships no Conv2DBackpropFilter, so Conv1D cannot train there; this supplies it.
 * Registering needs no wasm package: the registry is keyed by backend name.
 */
export function registerWasmConvGrad(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') != null) return
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo }
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
        strides: [number, number] | number; pad: 'valid' | 'same' | number; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number]
      }
      if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter: only NHWC is supported')
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast')
      const be = backend as WasmBackendLike
      const out = be.makeOutput(filterShape, 'float32')
      // Views after the last allocation: a malloc may grow the heap and detach earlier views.
      const [xv, dyv, dwv] = [x, dy, out].map((t) => be.typedArrayFromHeap(t) as Float32Array)
      dwv!.fill(0)
      conv2dBackpropFilter(xv!, dyv!, dwv!, info)
      return out
    },
  })
}
