/**
 * The fused LSTM's helper threads, as seen from the kernels: workers holding the same wasm kernels
 * on the same shared arena (simdKernels.ts), each running some lanes of a batch (lstmLayout.ts)
 * while the calling thread runs others. tfjs kernels are synchronous, so the threads meet through
 * Atomics on a small control block per helper, not through messages: the caller writes a job's
 * numbers and bumps SEQ; the helper, blocked in Atomics.wait, runs it and stores SEQ into DONE.
 *
 * Which thread runs a lane never changes a number (the split depends on the batch and the run's
 * lane count, the gradient sums go in lane order), so everything here is a speed-up that may be
 * absent: no shared memory (a page that is not cross-origin isolated), no Worker (Node), one core,
 * or a helper that failed — then the caller runs those lanes itself.
 * The Workers themselves are started in lstmThreadStart.ts, which the helper's own bundle never imports.
 */

/** Control block slots (Int32). PROGRESS: bumped by the helper at every timestep of a lane. */
const SEQ = 0, DONE = 1, FAILED = 2, KIND = 3, PROGRESS = 4, ARGS = 5
/** Int32 slots in the control block: the header and a job's arguments (a count and up to 64 lanes of 26 fields). */
export const CONTROL_INTS = 1728

/**
 * The helper is given up for dead after this long without progress (a timestep takes micro- to
 * milliseconds). Counted in the caller's own waits of WAIT_MS, not in wall time, so a laptop that
 * sleeps mid-step does not count its sleep against a helper that was merely asleep too.
 */
const STALL_MS = 30_000
const WAIT_MS = 100

export interface LstmHelper {
  /** Starts job `kind` with `args` (at most CONTROL_INTS − 4 integers) on the helper; returns at once. */
  start(kind: number, args: readonly number[]): void
  /**
   * Waits for the started job. False when the helper failed it or did not answer in time: it is
   * then switched off for good (a warning says why) and the caller must run that job itself.
   */
  join(): boolean
}

interface Running {
  worker: { terminate(): void }
  ctrl: Int32Array
  seq: number
}

let running: Running[] = []
/** Most threads (the caller included) a call may use. */
let limit = Infinity
let jobsDone = 0

/** Lane jobs the helpers have finished in this thread's lifetime (tests check they ran at all). */
export function lstmHelperJobs(): number {
  return jobsDone
}

/** Called by lstmThreadStart.ts for each helper once it has said it is ready. */
export function adoptHelper(worker: { terminate(): void }, ctrl: Int32Array): void {
  running.push({ worker, ctrl, seq: Atomics.load(ctrl, SEQ) })
}

/** The helpers a call may use now (threads on, up to the limit less the caller); empty: run every lane here. */
export function lstmHelpers(): LstmHelper[] {
  return running.slice(0, Math.max(0, limit - 1)).map(helperOf)
}

/** Threads the fused LSTM may run on now: the caller and its helpers. */
export function lstmThreads(): number {
  return 1 + lstmHelpers().length
}

/** Switches the helpers off or on (they keep running), for benchmarks and tests that compare one thread with more. */
export function setLstmThreadsEnabled(on: boolean): void {
  limit = on ? Infinity : 1
}

/** Uses at most `threads` threads, the caller included (Infinity: every helper), for tests and benchmarks. */
export function setLstmThreadLimit(threads: number): void {
  limit = Math.max(1, threads)
}

function stopHelper(r: Running, why: string): void {
  console.warn(`fusedLstm: an LSTM helper thread is switched off (${why}); the caller runs its lanes, with the same numbers`)
  r.worker.terminate()
  running = running.filter((x) => x !== r)
}

const helpers = new WeakMap<Running, LstmHelper>()
function helperOf(r: Running): LstmHelper {
  let h = helpers.get(r)
  if (!h) helpers.set(r, (h = helperOn(r)))
  return h
}

function helperOn(r: Running): LstmHelper {
  return {
    start(kind, args) {
      if (args.length > CONTROL_INTS - ARGS) throw new Error(`fusedLstm: a helper job takes at most ${CONTROL_INTS - ARGS} arguments, got ${args.length}`)
      r.ctrl[KIND] = kind
      r.ctrl.set(args, ARGS)
      r.seq = (r.seq + 1) | 0
      Atomics.store(r.ctrl, SEQ, r.seq)
      Atomics.notify(r.ctrl, SEQ)
    },
    join() {
      let progress = Atomics.load(r.ctrl, PROGRESS), waited = 0, since = performance.now()
      for (;;) {
        const done = Atomics.load(r.ctrl, DONE)
        if (done === r.seq) break
        const now = Atomics.load(r.ctrl, PROGRESS)
        if (now !== progress) {
          progress = now
          waited = 0
          since = performance.now()
        }
        // A dead helper writes nothing more, so the caller may then run its lane in the same blocks.
        if (canBlock() ? waited >= STALL_MS : performance.now() - since >= STALL_MS) {
          stopHelper(r, `no progress in ${STALL_MS / 1000} s`)
          return false
        }
        if (canBlock()) {
          Atomics.wait(r.ctrl, DONE, done, WAIT_MS)
          waited += WAIT_MS
        }
      }
      if (Atomics.load(r.ctrl, FAILED) !== 0) {
        stopHelper(r, 'it failed a job; its error is in its own console')
        return false
      }
      jobsDone++
      return true
    },
  }
}

let blocking: boolean | undefined
/** Whether this thread may block in Atomics.wait (workers and Node may; a page's main thread may not, and spins instead). */
function canBlock(): boolean {
  if (blocking === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0)
      blocking = true
    } catch {
      blocking = false
    }
  }
  return blocking
}

/**
 * The helper's side: waits for jobs forever and runs each through `run`. A job that throws is
 * reported (console and FAILED), and the caller then runs it itself; the helper stays switched off.
 */
export function serveLstmJobs(ctrl: Int32Array, run: (kind: number, args: Int32Array, tick: () => void) => void): never {
  const tick = () => { Atomics.add(ctrl, PROGRESS, 1) }
  // From the last job done, not the last posted: a job posted before this loop began still runs.
  let seen = Atomics.load(ctrl, DONE)
  for (;;) {
    Atomics.wait(ctrl, SEQ, seen)
    seen = Atomics.load(ctrl, SEQ)
    try {
      run(ctrl[KIND]!, ctrl.subarray(ARGS), tick)
    } catch (e) {
      console.error('fusedLstm helper thread:', e)
      Atomics.store(ctrl, FAILED, 1)
    }
    Atomics.store(ctrl, DONE, seen)
    Atomics.notify(ctrl, DONE)
  }
}
