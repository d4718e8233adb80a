import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, type RunConfig } from '../config/runConfig'
import { CELL_ORDER, type CellId, type CellRuntime, type CellStatus } from './cells'
import { firstChanged, invalidate, type Change } from './invalidate'

const done: CellRuntime = { status: 'done', startedAt: 1, finishedAt: 2 }
const allDone = Object.fromEntries(CELL_ORDER.map((id) => [id, done])) as Record<CellId, CellRuntime>
const letter: Record<CellStatus, string> = { idle: 'i', running: 'r', done: 'D', stale: 'S', error: 'E' }
const statuses = (cells: Record<CellId, CellRuntime>) => CELL_ORDER.map((id) => letter[cells[id].status]).join('')

describe('invalidate: every cell, every kind of change, all cells done before', () => {
  // Data Features Model Train Evaluate Backtest Export; D done, S stale — written out by hand. Export's status is its
  // last action's outcome (save, load), never stale.
  it.each<[Change['kind'], CellId, string]>([
    ['settings', 'data', 'SSSSSSD'],
    ['settings', 'features', 'DSSSSSD'],
    ['settings', 'model', 'DDSSSSD'],
    ['settings', 'train', 'DDDSSSD'],
    ['settings', 'evaluate', 'DDDDSSD'],
    ['settings', 'backtest', 'DDDDDSD'],
    ['settings', 'export', 'DDDDDDD'],
    ['output', 'data', 'DSSSSSD'],
    ['output', 'features', 'DDSSSSD'],
    ['output', 'model', 'DDDSSSD'],
    ['output', 'train', 'DDDDSSD'],
    ['output', 'evaluate', 'DDDDDSD'],
    ['output', 'backtest', 'DDDDDDD'],
    ['output', 'export', 'DDDDDDD'],
  ])('%s of %s → %s', (kind, cell, expected) => {
    expect(statuses(invalidate(allDone, { kind, cell }))).toBe(expected)
  })
})

describe('invalidate: what an affected cell becomes, from every status', () => {
  const running: CellRuntime = { status: 'running', startedAt: 5 }
  it.each<[string, CellRuntime, CellRuntime]>([
    ['idle stays idle (nothing to be stale)', { status: 'idle' }, { status: 'idle' }],
    ['done becomes stale, keeping its timings', done, { status: 'stale', startedAt: 1, finishedAt: 2 }],
    ['stale stays stale', { status: 'stale', startedAt: 1, finishedAt: 2 }, { status: 'stale', startedAt: 1, finishedAt: 2 }],
    ['error keeps its error (the next run clears it)', { status: 'error', error: 'x' }, { status: 'error', error: 'x' }],
    ['running is marked, to end stale', running, { status: 'running', startedAt: 5, invalidated: true }],
  ])('%s', (_, before, after) => {
    const cells = { ...allDone, train: before }
    expect(invalidate(cells, { kind: 'settings', cell: 'train' }).train).toEqual(after)
  })

  it('leaves the cells above the change as they were, whatever their status', () => {
    const cells = { ...allDone, data: { status: 'error', error: 'e' } as CellRuntime, features: { status: 'running', startedAt: 3 } as CellRuntime }
    const out = invalidate(cells, { kind: 'settings', cell: 'model' })
    expect(out.data).toBe(cells.data)
    expect(out.features).toBe(cells.features)
  })
})

describe('firstChanged: which cell a configuration change belongs to', () => {
  const c = DEFAULT_CONFIG
  it.each<[string, RunConfig, CellId | undefined]>([
    ['nothing', structuredClone(c), undefined],
    ['pairs', { ...c, data: { ...c.data, pairs: ['BTCUSDT'] } }, 'data'],
    ['a feature period', { ...c, features: { ...c.features, window: 30 } }, 'features'],
    ['the head', { ...c, model: { ...c.model, dropout: 0.1 } }, 'model'],
    ['epochs', { ...c, train: { ...c.train, epochs: 3 } }, 'train'],
    ['the backend', { ...c, backend: 'cpu' }, 'train'],
    ['the fee', { ...c, backtest: { ...c.backtest, fee: 0.002 } }, 'backtest'],
    ['features and epochs: the earlier cell', { ...c, features: { ...c.features, window: 30 }, train: { ...c.train, epochs: 3 } }, 'features'],
  ])('%s', (_, after, cell) => {
    expect(firstChanged(c, after)).toBe(cell)
  })
})
