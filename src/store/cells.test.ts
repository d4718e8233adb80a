import { describe, expect, it } from 'vitest'
import { transitionCell, type CellEvent, type CellRuntime } from './cells'

const idle: CellRuntime = { status: 'idle' }
const running: CellRuntime = { status: 'running', startedAt: 10 }
const invalidated: CellRuntime = { status: 'running', startedAt: 10, invalidated: true }
const done: CellRuntime = { status: 'done', startedAt: 10, finishedAt: 20 }
const stale: CellRuntime = { status: 'stale', startedAt: 10, finishedAt: 20 }
const error: CellRuntime = { status: 'error', error: 'boom', startedAt: 10, finishedAt: 20 }

const start: CellEvent = { type: 'start', at: 100 }
const succeed: CellEvent = { type: 'succeed', at: 200 }
const fail: CellEvent = { type: 'fail', at: 200, error: 'data: bad' }
const actionFailed: CellEvent = { type: 'actionFailed', error: 'export: disk full' }

describe('transitionCell', () => {
  it.each<[string, CellRuntime, CellEvent, CellRuntime]>([
    ['idle + start', idle, start, { status: 'running', startedAt: 100 }],
    ['done + start', done, start, { status: 'running', startedAt: 100 }],
    ['stale + start', stale, start, { status: 'running', startedAt: 100 }],
    ['error + start clears the error', error, start, { status: 'running', startedAt: 100 }],
    ['running + start is ignored', running, start, running],
    ['running + succeed', running, succeed, { status: 'done', startedAt: 10, finishedAt: 200 }],
    ['running, inputs changed meanwhile + succeed ends stale', invalidated, succeed, { status: 'stale', startedAt: 10, finishedAt: 200 }],
    ['running + fail', running, fail, { status: 'error', error: 'data: bad', startedAt: 10, finishedAt: 200 }],
    ['idle + succeed is stale news', idle, succeed, idle],
    ['done + fail is stale news', done, fail, done],
    ['error + succeed is stale news', error, succeed, error],
    ['an action failing in a done cell keeps it done', done, actionFailed, { ...done, actionError: 'export: disk full' }],
    ['an action failing while the cell runs keeps it running', running, actionFailed, { ...running, actionError: 'export: disk full' }],
    ['an action succeeding clears only the action error', { ...error, actionError: 'x' }, { type: 'actionSucceeded' }, error],
  ])('%s', (_, cell, event, expected) => {
    expect(transitionCell(cell, event)).toEqual(expected)
  })
})
