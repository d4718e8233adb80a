import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from './runConfig'
import { coinChoice, PRESETS, presetCoins, presetOf } from './presets'

describe('presetCoins: a preset chooses from what is loaded', () => {
  it.each<[string, Parameters<typeof presetCoins>, string[]]>([
    ['Quick on the bundle: BTC, ETH, SOL', ['quick', ['XRPUSDT', 'SOLUSDT', 'BTCUSDT', 'ADAUSDT', 'ETHUSDT'], 'bundled'], ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']],
    ['Quick with only ETH of the three: ETH, then the first others loaded', ['quick', ['XRPUSDT', 'ETHUSDT', 'ADAUSDT', 'DOTUSDT'], 'binance'], ['ETHUSDT', 'XRPUSDT', 'ADAUSDT']],
    ['Quick with two coins loaded: both', ['quick', ['LINKUSDT', 'UNIUSDT'], 'bundled'], ['LINKUSDT', 'UNIUSDT']],
    ["Quick on a user's file of five: all of them", ['quick', ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'SUIUSDT', 'INJUSDT'], 'file'], []],
    ['Full: all', ['full', ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'], 'bundled'], []],
    ['Seed v1: all', ['seed', ['BTCUSDT'], 'bundled'], []],
  ])('%s', (_, args, expected) => {
    expect(presetCoins(...args)).toEqual(expected)
  })
})

describe('coinChoice', () => {
  const loaded = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'SUIUSDT', 'INJUSDT']
  it.each<[string, string[], { on: string[]; leftOut: string[]; noneListed: boolean }]>([
    ['empty list: all, none left out', [], { on: loaded, leftOut: [], noneListed: false }],
    ['three listed: the other two left out', ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'], { on: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'], leftOut: ['SUIUSDT', 'INJUSDT'], noneListed: false }],
    ['listed coins not loaded are ignored', ['SUIUSDT', 'DOGEUSDT'], { on: ['SUIUSDT'], leftOut: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'INJUSDT'], noneListed: false }],
    ['none of the listed loaded: all, and says so', ['DOGEUSDT'], { on: loaded, leftOut: [], noneListed: true }],
  ])('%s', (_, listed, expected) => {
    expect(coinChoice(listed, loaded)).toEqual(expected)
  })
})

describe('presetOf', () => {
  it('a preset stays itself whatever coins it chose', () => {
    const c = DEFAULT_CONFIG
    expect(presetOf({ ...c.train, coins: ['SUIUSDT'] }, c.features, c.model.head)).toBe('quick')
    expect(presetOf({ ...PRESETS.full.train, coins: [] }, c.features, c.model.head)).toBe('full')
    expect(presetOf({ ...c.train, epochs: 2 }, c.features, c.model.head)).toBe('custom')
  })
})
