import { parentPort } from 'node:worker_threads'
import { BACKWARD, BACKWARD_FIELDS, FORWARD, FORWARD_FIELDS, GATHER_FIELDS, GEMM, GEMM_FIELDS, runLstmJob } from '../simd/lstmLaneJobs'
import { serveLstmJobs } from './lstmThreads'
import { kernelsOn } from '../../wasm/simdKernels'

interface Init { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: Int32Array; fma: boolean; failNext: Int32Array }

/**
 * lstmThread.worker.ts for Node's worker_threads (lstmThreads.test.ts): the same kernels, arena
 * and job loop. While `failNext[0]` is 1 the next job throws (and clears it) after writing garbage
 * over its lane's first step buffers, as a helper dying halfway would.
 */
parentPort!.once('message', (init: Init) => {
  const kernels = kernelsOn(init.module, init.memory, init.fma)
  parentPort!.postMessage('ready')
  serveLstmJobs(init.ctrl, (kind, args, tick) => {
    if (Atomics.exchange(init.failNext, 0, 0) === 1) {
      // After the lane count, the first lane's fields: garbage over the start of its reserve (forward, which writes
      // it in place), of its weight-gradient sums (backward), of its rows of C (a conv GEMM) or of dx (a gather).
      const at = args[1 + (kind === FORWARD ? FORWARD_FIELDS.indexOf('reserve') : kind === BACKWARD ? BACKWARD_FIELDS.indexOf('dW') : kind === GEMM ? GEMM_FIELDS.indexOf('c') : GATHER_FIELDS.indexOf('dx'))]!
      kernels.arena(0).fill(NaN, at, at + 16)
      throw new Error('a job that fails on purpose')
    }
    runLstmJob(kernels, kind, args, tick)
  })
})
