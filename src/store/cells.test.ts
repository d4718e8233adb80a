import { describe, expect, it } from 'vitest'
import { transitionCell, type CellEvent, type CellRuntime } from './cells'

const idle: CellRuntime = { status: 'idle' }
const running: CellRuntime = { status: 'running', startedAt: 10 }
const done: CellRuntime = { status: 'done', startedAt: 10, finishedAt: 20 }
const error: CellRuntime = { status: 'error', error: 'boom', startedAt: 10, finishedAt: 20 }

const start: CellEvent = { type: 'start', at: 100 }
const succeed: CellEvent = { type: 'succeed', at: 200 }
const fail: CellEvent = { type: 'fail', at: 200, error: 'data: bad' }
const reset: CellEvent = { type: 'reset' }

describe('transitionCell', () => {
  it.each<[string, CellRuntime, CellEvent, CellRuntime]>([
    ['idle + start', idle, start, { status: 'running', startedAt: 100 }],
    ['done + start', done, start, { status: 'running', startedAt: 100 }],
    ['error + start clears the error', error, start, { status: 'running', startedAt: 100 }],
    ['running + start is ignored', running, start, running],
    ['running + succeed', running, succeed, { status: 'done', startedAt: 10, finishedAt: 200 }],
    ['running + fail', running, fail, { status: 'error', error: 'data: bad', startedAt: 10, finishedAt: 200 }],
    ['idle + succeed is stale', idle, succeed, idle],
    ['done + fail is stale', done, fail, done],
    ['error + succeed is stale', error, succeed, error],
    ['done + reset', done, reset, idle],
    ['error + reset', error, reset, idle],
    ['running + reset waits for the run', running, reset, running],
  ])('%s', (_, cell, event, expected) => {
    expect(transitionCell(cell, event)).toEqual(expected)
  })
})
