import { afterAll, describe, expect, it, vi } from 'vitest'
import { lstmHelperFailure, startLstmThreads } from './lstmThreadStart'

// A helper whose script fails to load, as a browser reports it: an error event instead of 'ready'.
class FailingWorker {
  onmessage: ((e: MessageEvent) => void) | null = null
  onerror: ((e: { message: string }) => void) | null = null
  terminated = false
  postMessage(): void {
    setTimeout(() => this.onerror?.({ message: 'Failed to fetch lstmThread.worker.js' }), 0)
  }
  terminate(): void {
    this.terminated = true
  }
}

afterAll(() => {
  vi.unstubAllGlobals()
})

describe('startLstmThreads', () => {
  it('keeps why a helper failed to start, for the Train cell, and runs the LSTM on one thread', async () => {
    // Node has no Worker (and Node 20 no navigator): stand in for a two-core browser whose helper cannot load.
    vi.stubGlobal('Worker', FailingWorker)
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(lstmHelperFailure()).toBeUndefined()
    expect(await startLstmThreads()).toBe(1)
    expect(lstmHelperFailure()).toBe('Failed to fetch lstmThread.worker.js')
    expect(warn).toHaveBeenCalledWith('fusedLstm: 1 of 1 helper threads did not start (Failed to fetch lstmThread.worker.js); the LSTM runs on 1 thread')
    warn.mockRestore()
  })
})
