import * as tf from '@tensorflow/tfjs'

/** The part of tfjs-backend-wasm's backend this kernel uses: reference counts on heap buffers. */
interface RefCounting {
  incRef(dataId: tf.DataId): void
}

/**
 * Identity on wasm that shares the input's heap buffer, as tfjs-cpu's Identity and tfjs-wasm's own
 * Reshape already do, instead of copying it. Autodiff clones every tensor a gradient needs
 * (`saveTensorsForBackwardMode`), so a training step runs ~60 Identities; copying the fused LSTM's
 * reserve and inputs that way took ~12 ms of a 286 ms wasm step at batch 256. Sharing is safe because
 * no kernel writes into its inputs: outputs always come from `makeOutput`, and a variable's assign swaps
 * its buffer rather than writing into it. Idempotent: the replaced kernel is marked `studio`.
 */
export function registerWasmIdentity(): void {
  const stock = tf.getKernel('Identity', 'wasm')
  if ((stock as { studio?: boolean } | undefined)?.studio) return
  if (stock) tf.unregisterKernel('Identity', 'wasm')
  const config: tf.KernelConfig & { studio: boolean } = {
    kernelName: 'Identity',
    backendName: 'wasm',
    studio: true,
    kernelFunc: (args) => {
      const x = args.inputs['x']
      if (x === undefined) throw new Error('wasm Identity: input x is missing')
      // Strings live outside the heap, in JS: the stock kernel handles them.
      if (x.dtype === 'string') {
        if (!stock) throw new Error('wasm Identity: string tensors need tfjs-backend-wasm loaded first')
        return stock.kernelFunc(args)
      }
      ;(args.backend as RefCounting).incRef(x.dataId)
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype }
    },
  }
  tf.registerKernel(config)
}
