import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Candles, Series } from '../data/types'
import type { CoinFeatures } from '../features/types'

// Helpers for tests that run the exported Python: never imported by code that ships or by scripts.

/** The Python the tests run: PYTHON (CI's virtual environment) or python3. */
export const PYTHON = process.env.PYTHON ?? 'python3'

/** Whether that Python runs `code` without an error: what a test that needs Python, or packages of it, skips on. */
export function pythonCan(code: string): boolean {
  return spawnSync(PYTHON, ['-c', code]).status === 0
}

/**
 * Whether that Python has what the PyTorch folder needs; without it those tests are skipped, as the pyarrow one is.
 * Asked by the tests that need it, not on import: importing torch takes seconds.
 */
export function hasTorchPython(): boolean {
  return pythonCan('import torch, pandas, pyarrow, safetensors')
}

/**
 * A Python run longer than this is taken as hung and stopped (SIGTERM, which torchrun passes on to its workers): a
 * synchronous child outlives any test timeout, so without it a hang would stall the whole test run.
 */
export const PYTHON_TIMEOUT_MS = 240_000

/** Runs Python in `cwd`; a failure throws with its stderr, so the test says what Python said. */
export function python(args: string[], cwd: string, env: Record<string, string> = {}, timeout = PYTHON_TIMEOUT_MS): SpawnSyncReturns<string> {
  const r = spawnSync(PYTHON, args, { cwd, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', ...env }, maxBuffer: 1 << 28, timeout })
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT'
  if (timedOut) throw new Error(`python ${args.join(' ')} did not finish in ${timeout / 1000} s and was stopped:\n${r.stderr}${r.stdout}`)
  if (r.status !== 0) throw new Error(`python ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`)
  return r
}

export function writeFiles(dir: string, files: readonly { name: string; data: Uint8Array }[]): void {
  mkdirSync(dir, { recursive: true })
  for (const f of files) writeFileSync(join(dir, f.name), f.data)
}

/** The last `hours` 1h bars of a pair and the 15m bars of the same hours: small real data. */
export function lastHours([h1, m15]: Series[], hours: number): Series[] {
  const from = h1!.candles.openTime[h1!.candles.openTime.length - hours]!
  const cut = (s: Series): Series => {
    const lo = s.candles.openTime.findIndex((t) => t >= from)
    const candles = Object.fromEntries(Object.entries(s.candles).map(([k, v]) => [k, (v as Float64Array).slice(lo)])) as unknown as Candles
    return { ...s, candles }
  }
  return [cut(h1!), cut(m15!)]
}

const idx = (n: number) => ({ end1h: new Int32Array(n), end15m: new Int32Array(n), target: new Float32Array(n), close: new Float64Array(n) })

/** A coin's features as a run record reads them: 7 train and 2 val samples, no test split, tiny statistics. */
export const fakeCoin = {
  symbol: 'BTCUSDT',
  samples: { train: idx(7), val: idx(2), test: idx(0) },
  splitStart: { train: 1000, val: 2000, test: NaN },
  stats: { h1: { mean: Float64Array.of(1, 2), std: Float64Array.of(3, 4) }, m15: { mean: Float64Array.of(5), std: Float64Array.of(6) } },
} as unknown as CoinFeatures
