import { describe, expect, it } from 'vitest'
import type { ConfigDifference, HistoryEntry } from '../export/runHistory'
import { delta, filterRuns, insideBrushes, RUN_METRICS, sortBy } from './runsView'

const metric = (key: string) => RUN_METRICS.find((m) => m.key === key)!
const run = (name: string, backend: string) => ({ record: { name, coins: [{ symbol: 'LINKUSDT' }], training: { backend } }, outcome: 'finished' }) as unknown as HistoryEntry

describe('runs view', () => {
  it('delta: b − a in the metric\'s unit, better or worse by its direction', () => {
    expect(delta(metric('skillEwma'), 0.012, 0.034)).toEqual({ text: '+2.2 pp', verdict: 'better' })
    expect(delta(metric('bestValLoss'), 0.5, 0.75)).toEqual({ text: '+0.250', verdict: 'worse' })
    expect(delta(metric('time'), 90_000, 30_000)).toEqual({ text: '−1 min 0 s', verdict: 'better' })
    expect(delta(metric('coverage'), 0.8, 0.7)).toEqual({ text: '−10.0 pp', verdict: null })
    expect(delta(metric('sharpe'), 1, 1)).toEqual({ text: '+0.00', verdict: 'same' })
    expect(delta(metric('sharpe'), null, 1)).toEqual({ text: '', verdict: null })
  })

  it('filter: every word must be in the run\'s text, settings as path=value or name=value', () => {
    const runs = [run('first', 'wasm'), run('Second try', 'cpu')]
    const diffs: ConfigDifference[] = [{ path: 'train.seed', values: [1, 2] }]
    expect(filterRuns(runs, '', diffs)).toEqual(runs)
    expect(filterRuns(runs, 'seed=2', diffs).map((r) => r.record.name)).toEqual(['Second try'])
    expect(filterRuns(runs, 'train.seed=1 WASM', diffs).map((r) => r.record.name)).toEqual(['first'])
    expect(filterRuns(runs, 'link second', diffs).map((r) => r.record.name)).toEqual(['Second try'])
    expect(filterRuns(runs, 'seed=3', diffs)).toEqual([])
  })

  it('sort: numbers by value, text by locale, missing last in both directions, ties in their order', () => {
    const items = [{ v: 3 }, { v: null }, { v: 1 }, { v: 3, tie: true }, { v: NaN }]
    expect(sortBy(items, (i) => i.v, 1)).toEqual([{ v: 1 }, { v: 3 }, { v: 3, tie: true }, { v: null }, { v: NaN }])
    expect(sortBy(items, (i) => i.v, -1)).toEqual([{ v: 3 }, { v: 3, tie: true }, { v: 1 }, { v: null }, { v: NaN }])
    expect(sortBy(['b', 'a', 'C'], (s) => s, 1)).toEqual(['a', 'b', 'C'])
  })

  it('brushes: inside every brushed range (either way round), an unbrushed axis lets all through, no value is outside', () => {
    expect(insideBrushes([0.3, 5], [{ lo: 0.35, hi: 0.25 }, undefined])).toBe(true)
    expect(insideBrushes([0.2, 5], [{ lo: 0.25, hi: 0.35 }, undefined])).toBe(false)
    expect(insideBrushes([0.3, 5], [{ lo: 0.25, hi: 0.35 }, { lo: 6, hi: 9 }])).toBe(false)
    expect(insideBrushes([null, 5], [{ lo: 0, hi: 1 }, undefined])).toBe(false)
    expect(insideBrushes([null, 5], [undefined, undefined])).toBe(true)
  })
})
