import { parentPort } from 'node:worker_threads'
import { runLstmJob } from './lstmSimd'
import { serveLstmJobs } from './lstmThreads'
import { kernelsOn } from './simdKernels'

/**
 * lstmThread.worker.ts for Node's worker_threads (lstmThreads.test.ts): the same kernels, arena
 * and job loop. Kind 99 is a job that throws, to test how a failed helper is handled.
 */
parentPort!.once('message', (init: { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: Int32Array; fma: boolean }) => {
  const kernels = kernelsOn(init.module, init.memory, init.fma)
  parentPort!.postMessage('ready')
  serveLstmJobs(init.ctrl, (kind, args) => {
    if (kind === 99) throw new Error('a job that fails on purpose')
    runLstmJob(kernels, kind, args)
  })
})
