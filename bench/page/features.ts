import { computeColumns, SEED_FEATURES } from '../../src/features/spec'
import { FeaturesPool } from '../../src/workers/featuresPool'
import { bundledCoinInputs } from './bundled'

export interface FeaturesBenchResult {
  series: number
  rows: number
  workers: number
  /** Posting the candles into the workers, once per dataset. */
  loadMs: number
  /** Best of `repeats`: the 13 indicators of every series, in the workers. */
  indicatorsMs: number
  /** In that best run: the workers' own compute time summed over coins (wall × workers if perfectly balanced). */
  computeMs: number
  /** Best of `repeats`: the same 13 indicators on the page's own thread, one series after another, no workers. */
  mainThreadMs: number
  /** Best of `repeats`: the Features cell's whole pipeline (indicators, samples, split, z-scores, matrices). */
  pipelineMs: number
}

/** Times the features of every bundled series in the studio's worker pool, as the Features cell runs them. */
export async function benchFeatures(repeats: number): Promise<FeaturesBenchResult> {
  const coins = await bundledCoinInputs()
  const pool = new FeaturesPool()
  const symbols = coins.map((c) => c.symbol)
  let t = performance.now()
  await pool.load({}, coins)
  const loadMs = performance.now() - t
  let rows = 0
  let indicatorsMs = Infinity
  let pipelineMs = Infinity
  let computeMs = 0
  for (let i = 0; i < repeats; i++) {
    t = performance.now()
    const r = await pool.columns(symbols, SEED_FEATURES)
    const wall = performance.now() - t
    if (wall < indicatorsMs) (indicatorsMs = wall), (computeMs = r.computeMs)
    rows = r.rows
    t = performance.now()
    await pool.build(symbols, SEED_FEATURES)
    pipelineMs = Math.min(pipelineMs, performance.now() - t)
  }
  pool.terminate()
  let mainThreadMs = Infinity
  for (let i = 0; i < repeats; i++) {
    t = performance.now()
    for (const c of coins) for (const s of [c.h1, c.m15]) computeColumns(s.candles, SEED_FEATURES.indicators)
    mainThreadMs = Math.min(mainThreadMs, performance.now() - t)
  }
  return { series: coins.length * 2, rows, workers: pool.size, loadMs, indicatorsMs, computeMs, mainThreadMs, pipelineMs }
}
