import type { FeaturesConfig } from '../features/types'
import { saveBytes } from '../data/sources'
import { calendarCut, spanOf } from '../features/calendar'
import { coinBytes } from '../features/pipeline'
import { allFeatureNames } from '../features/spec'
import { exportFeaturesInWorker } from '../workers/dataClient'
import { coinInputs, FeaturesPool } from '../workers/featuresPool'
import { cellAction, cellEvent, changed, exportStep, runDataCell, setConfig } from './actions'
import { useStudio, type FeaturesSlice } from './store'

const set = useStudio.setState
const get = useStudio.getState

let pool: FeaturesPool | undefined

function patch(p: Partial<FeaturesSlice>) {
  set((s) => ({ features: { ...s.features, ...p } }))
}

export function setFeaturesConfig(features: FeaturesConfig) {
  setConfig({ ...get().config, features })
}

export function selectFeatureCoin(symbol: string) {
  patch({ selected: symbol })
}

let featuresRun: Promise<void> | undefined

/** Runs the Features cell, running Data first when nothing is loaded yet; a second call joins the running one. */
export function runFeaturesCell(): Promise<void> {
  featuresRun ??= runFeaturesOnce().finally(() => (featuresRun = undefined))
  return featuresRun
}

async function runFeaturesOnce(): Promise<void> {
  if (!get().data.dataset || get().cells.data.status !== 'done') await runDataCell()
  const dataset = get().data.dataset
  cellEvent('features', { type: 'start', at: Date.now() })
  try {
    if (!dataset) throw new Error('features: no candles loaded; run the Data cell first')
    const config = get().config.features
    const names = allFeatureNames(config.indicators)
    const { coins, skipped } = coinInputs(dataset.series)
    if (coins.length === 0) throw new Error(`features: no pair has both 1h and 15m candles (${skipped.join('; ')})`)
    pool ??= new FeaturesPool()
    const t0 = performance.now()
    await pool.load(dataset, coins)
    const cut = calendarCut(coins.map((c) => spanOf(c.h1.candles.openTime, c.m15.candles.openTime)), config.split)
    const built = await pool.build(coins.map((c) => c.symbol), config, cut)
    const ms = performance.now() - t0
    const selected = built.some((c) => c.symbol === get().features.selected) ? get().features.selected : built[0]!.symbol
    patch({ coins: built, names, ms, workers: pool.size, bytes: built.reduce((n, c) => n + coinBytes(c), 0), skipped, selected })
    changed({ kind: 'output', cell: 'features' })
    cellEvent('features', { type: 'succeed', at: Date.now() })
  } catch (e) {
    cellEvent('features', { type: 'fail', at: Date.now(), error: (e as Error).message })
  }
}

/** Downloads raw features of every loaded series as long-format Parquet. */
export function exportFeatures(): Promise<void> {
  const ds = get().data.dataset
  if (!ds) return Promise.resolve()
  return cellAction('features', async () => {
    const bytes = await exportStep(exportFeaturesInWorker(ds.series, get().config.features))
    saveBytes(bytes, `features-${ds.series.length}-series.parquet`, 'application/vnd.apache.parquet')
  })
}
