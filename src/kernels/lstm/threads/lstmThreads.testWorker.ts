import { parentPort } from 'node:worker_threads'
import { runLstmJob } from '../simd/lstmLaneJobs'
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
      // After the lane count, args[1 + 9] is the first lane's forward z block, args[1 + 14] its backward g block
      // (FORWARD_FIELDS / BACKWARD_FIELDS).
      const at = args[1 + (kind === 1 ? 9 : 14)]!
      kernels.arena(0).fill(NaN, at, at + 16)
      throw new Error('a job that fails on purpose')
    }
    runLstmJob(kernels, kind, args, tick)
  })
})
