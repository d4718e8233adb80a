import * as tf from '@tensorflow/tfjs'
import { FUSED_LSTM, FUSED_LSTM_GRAD } from './lstmInputs'
import { runBackward, runForward } from './lstmKernels'
import { registerWebgpuLstmKernels } from './webgpu/lstmWebgpu'
import { DIRECT_BACKENDS } from '../backend/tensorIO'

/**
 * Registers FusedLstm and FusedLstmGrad for the cpu and wasm backends, and the WGSL versions for
 * webgpu (lstmWebgpu.ts). Idempotent and cheap, so every entry point calls it rather than relying
 * on a side-effect import.
 */
export function registerFusedLstmKernels(): void {
  registerWebgpuLstmKernels()
  for (const { name, io } of DIRECT_BACKENDS) {
    if (tf.getKernel(FUSED_LSTM, name) == null) {
      tf.registerKernel({
        kernelName: FUSED_LSTM,
        backendName: name,
        kernelFunc: ({ inputs, backend, attrs }) => runForward(io(backend), inputs, attrs?.['returnSequences'] === true, attrs?.['keep'] !== false),
      })
    }
    if (tf.getKernel(FUSED_LSTM_GRAD, name) == null) {
      tf.registerKernel({
        kernelName: FUSED_LSTM_GRAD,
        backendName: name,
        kernelFunc: ({ inputs, backend, attrs }) =>
          runBackward(io(backend), inputs, attrs?.['returnSequences'] === true, attrs?.['inputGradient'] !== false),
      })
    }
  }
}
