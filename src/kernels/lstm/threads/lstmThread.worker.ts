/// <reference lib="webworker" />
import { runLstmJob } from '../simd/lstmLaneJobs'
import { serveLstmJobs } from './lstmThreads'
import { kernelsOn } from '../../wasm/simdKernels'

/**
 * The fused LSTM's helper thread (lstmThreads.ts): builds the wasm kernels on the arena it is
 * sent, says 'ready', then blocks serving lane jobs for as long as it lives.
 */

interface Init {
  module: WebAssembly.Module
  memory: WebAssembly.Memory
  ctrl: Int32Array
  fma: boolean
}

self.onmessage = (e: MessageEvent<Init>) => {
  const { module, memory, ctrl, fma } = e.data
  let kernels
  try {
    kernels = kernelsOn(module, memory, fma)
  } catch (err) {
    self.postMessage({ error: (err as Error).message })
    return
  }
  self.postMessage('ready')
  serveLstmJobs(ctrl, (kind, args, tick) => runLstmJob(kernels, kind, args, tick))
}
