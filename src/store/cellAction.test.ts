import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { bundledPair } from '../data/testing'
import type { Series } from '../data/types'
import { cellEvent, exportParquet } from './actions'
import { exportFeatures } from './featuresActions'
import { CELL_ORDER, IDLE, type CellId, type CellRuntime } from './cells'
import { useStudio } from './store'

// Node has no Web Worker, so the encoders' workers cannot start: a real failure of the export path, not a mock.
const statuses = () => Object.fromEntries(CELL_ORDER.map((id) => [id, useStudio.getState().cells[id].status]))

let series: Series[]
beforeAll(async () => {
  series = await bundledPair('LINKUSDT')
})

beforeEach(() => {
  useStudio.setState({
    cells: Object.fromEntries(CELL_ORDER.map((id) => [id, IDLE])) as Record<CellId, CellRuntime>,
    data: { notes: [], fileHint: { symbol: '', interval: '' }, dataset: { source: 'bundled', origin: 'bundled', series, warnings: [] } },
  })
})

describe('an export fails in the cell that owns it, changing no status', () => {
  it('Export Parquet while the Data cell is done: the error shows in Data, which stays done; no other cell moves', async () => {
    for (const id of ['data', 'features', 'model', 'train'] as const) {
      cellEvent(id, { type: 'start', at: 1 })
      cellEvent(id, { type: 'succeed', at: 2 })
    }
    const before = statuses()
    await exportParquet()
    expect(statuses()).toEqual(before)
    expect(useStudio.getState().cells.data.status).toBe('done')
    expect(useStudio.getState().cells.data.actionError).toMatch(/^export: .*Worker/)
    expect(useStudio.getState().data.dataset?.series).toHaveLength(2) // the data stays
  })

  it('Export Parquet while the Data cell is fetching does not fail the fetch', async () => {
    cellEvent('data', { type: 'start', at: 1 })
    await exportParquet()
    expect(useStudio.getState().cells.data).toMatchObject({ status: 'running', startedAt: 1 })
    expect(useStudio.getState().cells.data.actionError).toMatch(/^export: /)
    cellEvent('data', { type: 'succeed', at: 3 })
    expect(useStudio.getState().cells.data.status).toBe('done')
  })

  it('Export features: the error shows in Features, which keeps its status', async () => {
    cellEvent('features', { type: 'start', at: 1 })
    cellEvent('features', { type: 'succeed', at: 2 })
    await exportFeatures()
    expect(useStudio.getState().cells.features).toMatchObject({ status: 'done', actionError: expect.stringMatching(/^export: /) })
    expect(useStudio.getState().cells.data.actionError).toBeUndefined()
  })
})
