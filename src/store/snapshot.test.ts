import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../config/runConfig'
import { fingerprint } from '../data/fingerprint'
import { bundledPair } from '../data/testing'
import type { Series } from '../data/types'
import { newRunId, snapshotKey, takeSnapshot, type RunSnapshot } from '../export/runSnapshot'
import { calendarCut, spanOf } from '../features/calendar'
import { buildCoinFeatures } from '../features/pipeline'
import { allFeatureNames } from '../features/spec'
import type { CoinFeatures } from '../features/types'
import { CELL_ORDER } from './cells'
import { cellEvent } from './actions'
import { setBacktestConfig } from './backtestActions'
import { evaluationLevels } from './evalActions'
import { recordFor } from './exportActions'
import { setFeaturesConfig } from './featuresActions'
import { useStudio } from './store'
import { setModelConfig, setTrainConfig } from './trainActions'

const config = DEFAULT_CONFIG
const names = allFeatureNames(config.features.indicators)
let series: Series[]
let link: CoinFeatures
let run: RunSnapshot

beforeAll(async () => {
  series = [...(await bundledPair('LINKUSDT')), ...(await bundledPair('UNIUSDT'))]
  const [h1, m15] = series.filter((s) => s.symbol === 'LINKUSDT')
  link = buildCoinFeatures('LINKUSDT', h1!.candles, m15!.candles, config.features, calendarCut([spanOf(h1!.candles.openTime, m15!.candles.openTime)], config.features.split))
  run = takeSnapshot({ runId: 'run-test', config, featureNames: names, coins: [link], series, source: 'bundled', origin: 'bundled' })
})

describe('the run snapshot: what later cells read comes from it, not from the page', () => {
  it('holds the config, feature names, coins, split dates and the trained coins\' data', () => {
    expect(run.config).toBe(config)
    expect(run.featureNames).toContain('rsi_14')
    expect(run.coins.map((c) => c.symbol)).toEqual(['LINKUSDT'])
    expect(run.splitDates).toBe(link.cut)
    // only LINK's two series, not UNI's
    expect(run.data).toEqual({ source: 'bundled', origin: 'bundled', fingerprint: fingerprint(series.slice(0, 2)), series: 2, bars: series[0]!.candles.openTime.length + series[1]!.candles.openTime.length })
    expect(run.data.fingerprint).not.toBe(fingerprint(series))
  })

  it('after the page changes a feature period, the head and the coins, run.json and the levels are still the run\'s', () => {
    useStudio.setState({ config, train: { history: [], paused: false, notes: [], snapshot: run } })
    for (const id of CELL_ORDER.slice(0, 5)) {
      cellEvent(id, { type: 'start', at: 1 })
      cellEvent(id, { type: 'succeed', at: 2 })
    }
    useStudio.setState((s) => ({ evaluate: { ...s.evaluate, runId: 'another-run', evaluation: { samples: 1 } as never } }))
    const rsi7 = config.features.indicators.map((i) => (i.kind === 'rsi' ? { ...i, period: 7 } : i))
    setFeaturesConfig({ ...config.features, indicators: rsi7 })
    setModelConfig({ ...config.model, head: { kind: 'value', threshold: 0.02, weight: 5 } })
    setTrainConfig({ ...config.train, coins: ['UNIUSDT'] })
    const page = useStudio.getState()
    expect(allFeatureNames(page.config.features.indicators)).toContain('rsi_7')
    // the rule: features and everything after it are stale; data is still done
    expect(CELL_ORDER.map((id) => page.cells[id].status)).toEqual(['done', 'stale', 'stale', 'stale', 'stale', 'idle', 'idle'])

    const r = recordFor(run, 'saved after the change')
    expect(r.runId).toBe('run-test')
    expect(r.featureNames).toEqual(names)
    expect(r.featureNames).toContain('rsi_14')
    expect(r.config).toEqual(config)
    expect(r.coins.map((c) => c.symbol)).toEqual(['LINKUSDT'])
    expect(r.coins[0]!.stats.h1.mean).toEqual([...link.stats.h1.mean])
    expect(r.splitDates).toEqual({ val: link.cut!.val, test: link.cut!.test })
    expect(r.data.fingerprint).toBe(run.data.fingerprint)
    expect(r.evaluation).toBeUndefined() // the evaluation shown is of another run
    expect(evaluationLevels(run)).toEqual([0.1, 0.5, 0.9]) // the trained quantile head's, not the page's one-value head
  })

  it('takes the Backtest settings from the page: they come after the model and are not part of the run', () => {
    useStudio.setState({ config, train: { history: [], paused: false, notes: [], snapshot: run } })
    setBacktestConfig({ fee: 0.0025 })
    const r = recordFor(run, 'saved after a backtest change')
    expect(r.config.backtest).toEqual({ ...config.backtest, fee: 0.0025 })
    expect({ ...r.config, backtest: config.backtest }).toEqual(config)
  })
})

describe('the checkpoint key', () => {
  const key = (over: Partial<Parameters<typeof snapshotKey>> = []) => {
    const args: Parameters<typeof snapshotKey> = [config, names, ['LINKUSDT'], 'aaaaaaaaaaaaaaaa']
    over.forEach((v, i) => v !== undefined && (args[i] = v as never))
    return snapshotKey(...args)
  }
  it.each<[string, Partial<Parameters<typeof snapshotKey>>]>([
    ['a feature period', [undefined, names.map((n) => (n === 'rsi_14' ? 'rsi_7' : n))]],
    ['the epochs', [{ ...config, train: { ...config.train, epochs: 9 } }]],
    ['the coins', [undefined, undefined, ['UNIUSDT']]],
    ['the candles', [undefined, undefined, undefined, 'bbbbbbbbbbbbbbbb']],
  ])('differs when %s differs', (_, over) => {
    expect(key(over)).not.toBe(key())
  })
  it('is the same on another backend (a run goes on after its GPU fails) and with other backtest settings', () => {
    expect(key([{ ...config, backend: 'cpu', backtest: { ...config.backtest, fee: 0.01 } }])).toBe(key())
  })
  it('run ids are distinct for two tabs in the same millisecond', () => {
    expect(newRunId(1000, 0.1)).toMatch(/^run-rs-\w{4}$/)
    expect(newRunId(1000, 0.1)).not.toBe(newRunId(1000, 0.2))
  })
})
