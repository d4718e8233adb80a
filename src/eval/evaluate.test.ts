import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundledPair } from '../data/testing'
import { buildCoinFeatures } from '../features/pipeline'
import { DEFAULT_FEATURES } from '../features/spec'
import type { CoinFeatures } from '../features/types'
import { gatherWindows } from '../features/windows'
import { buildModel } from '../model/build'
import { SEED_MODEL } from '../model/presets'
import { predictSplit } from '../train/predict'
import { evaluate } from './evaluate'
import { coinForecast } from './forecast'
import { evalInput } from './inputs'
import { score } from './metrics'

// Real features of two coins, short windows, an untrained tiny network on the CPU: the plumbing, not skill.
const features = { ...DEFAULT_FEATURES, window: 12 }
const L = [0.1, 0.5, 0.9] as const
let coins: CoinFeatures[]

beforeAll(async () => {
  await tf.setBackend('cpu')
  coins = await Promise.all(['LINKUSDT', 'ATOMUSDT'].map(async (s) => {
    const [h1, m15] = await bundledPair(s)
    return buildCoinFeatures(s, h1!.candles, m15!.candles, features)
  }))
})

describe('forecasts and evaluation of a model', () => {
  it('predicts every test sample in order, and scores them next to both baselines, pooled and per coin', async () => {
    const model = buildModel({ ...SEED_MODEL, h1Lstm: [6], m15Conv: [4], m15Lstm: [4], dense: [6] }, { window: 12, h1Features: coins[0]!.h1.features, m15Features: coins[0]!.m15.features }, 3)
    const before = tf.memory().numTensors
    const outs = await predictSplit(model, coins, 'test')
    expect(tf.memory().numTensors).toBe(before)
    expect(outs.map((o) => [o.symbol, o.values.length])).toEqual(coins.map((c) => [c.symbol, c.samples.test.end1h.length * 3]))

    // Sample 17 of the second coin, predicted on its own, is row 17 of that coin's outputs.
    const c = coins[1]!, s = c.samples.test
    const x = [
      tf.tensor3d(gatherWindows(c.h1, s.end1h, [17], 12), [1, 12, c.h1.features]),
      tf.tensor3d(gatherWindows(c.m15, s.end15m, [17], 12), [1, 12, c.m15.features]),
    ]
    const one = await (model.predict(x) as tf.Tensor).data()
    // (to float32 rounding: a batch of one sums in another order than a batch of 256)
    outs[1]!.values.subarray(17 * 3, 18 * 3).forEach((v, k) => expect(v).toBeCloseTo(one[k]!, 6))

    const forecasts = outs.map((o, i) => coinForecast(coins[i]!, 'test', o.values, o.outputs))
    const f = forecasts[1]!
    expect(f.openTime[17]).toBe(c.h1.start + s.end1h[17]! * 3_600_000)
    expect(f.close[17]).toBe(s.close[17])
    expect(f.actual[17]).toBeCloseTo(s.target[17]!, 6) // the Float32 target, from the raw closes in Float64
    // The model's outputs are scaled returns: times the sample's scale (its EWMA volatility) they are log returns.
    expect(s.scale[17]).toBeGreaterThan(0.0005)
    expect([f.low![17], f.mid[17], f.high![17]]).toEqual(Array.from(outs[1]!.values.subarray(17 * 3, 18 * 3), (v) => v * s.scale[17]!))

    const ev = evaluate(forecasts.map((fc, i) => evalInput(coins[i]!, 'test', fc)), 'test', L, 1)
    expect(ev.samples).toBe(forecasts[0]!.close.length + forecasts[1]!.close.length)
    expect(ev.model).toEqual(score(forecasts, L))
    expect(ev.perCoin.ATOMUSDT).toEqual(score([f], L))
    // The random walk calls no direction: every move scores one half.
    expect(ev.baselines.randomWalk.directionAccuracy).toBe(0.5)
    expect(ev.baselines.randomWalk.pinball!.mean).toBeGreaterThan(0)
    expect(ev.baselines.historical.coverage).toBeGreaterThan(0.6) // trailing 10–90 % quantiles cover most moves
    expect(Object.keys(ev.perCoinBaselines)).toEqual(['LINKUSDT', 'ATOMUSDT'])
    expect(ev.baselines.ewma.coverage).toBeGreaterThan(0.6)
    expect([0.9, 0.92, 0.94, 0.96, 0.98]).toContain(ev.ewmaLambda)
    expect(ev.skill.ewma!.mean).toBeCloseTo(1 - ev.model.pinball!.mean / ev.baselines.ewma.pinball!.mean, 12)
    expect(ev.perCoinSkill.ATOMUSDT!.randomWalk!.q90).toBeCloseTo(1 - ev.perCoin.ATOMUSDT!.pinball!.q90 / ev.perCoinBaselines.ATOMUSDT!.randomWalk.pinball!.q90, 12)
    expect(ev.widthBins.reduce((n, b) => n + b.samples, 0)).toBe(ev.samples)
    expect(ev.untrained).toEqual([])
    expect(ev.unseen).toBeUndefined()

    // A coin the model never trained on is scored apart: the pooled figures are the other coin's alone.
    const apart = evaluate(forecasts.map((fc, i) => evalInput(coins[i]!, 'test', fc)), 'test', L, 1, new Set(['ATOMUSDT']))
    expect(apart.untrained).toEqual(['ATOMUSDT'])
    expect(apart.model).toEqual(score([forecasts[0]!], L))
    expect(apart.baselines.randomWalk).toEqual(ev.perCoinBaselines.LINKUSDT!.randomWalk)
    expect(apart.unseen!.model).toEqual(score([f], L))
    // the EWMA decay comes from the trained coin alone: the same as evaluating that coin by itself
    expect(apart.ewmaLambda).toBe(evaluate([evalInput(coins[0]!, 'test', forecasts[0]!)], 'test', L, 1).ewmaLambda)
    expect(apart.baselines.ewma).toEqual(evaluate([evalInput(coins[0]!, 'test', forecasts[0]!)], 'test', L, 1).baselines.ewma)
    expect(apart.unseen!.skill.historical!.mean).toBeCloseTo(1 - apart.unseen!.model.pinball!.mean / apart.unseen!.baselines.historical.pinball!.mean, 12)
    expect(Object.keys(apart.perCoin)).toEqual(['LINKUSDT', 'ATOMUSDT'])
    tf.dispose(x)
    model.dispose()
  })

  it('refuses outputs that do not fit the samples', () => {
    expect(() => coinForecast(coins[0]!, 'test', new Float32Array(5), 3)).toThrow(/eval: LINKUSDT has \d+ test samples but 5 outputs in rows of 3/)
  })
})
