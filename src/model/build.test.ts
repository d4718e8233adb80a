import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildModel, summarize } from './build'
import { summarizeConfig } from './summary'
import { SEED_MODEL } from './presets'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const io = { window: 60, h1Features: 13, m15Features: 13 }

describe('buildModel', () => {
  it('has the seed architecture, shapes and parameter count', () => {
    const m = buildModel(SEED_MODEL, io, 1)
    const { rows, total } = summarize(m)
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]))
    // LSTM params: 4·units·(inputs + units + 1); Conv1D: k·in·filters + filters; Dense: in·units + units
    expect(byName.h1_lstm1).toMatchObject({ outputShape: '[null, 60, 64]', params: 4 * 64 * (13 + 64 + 1) })
    expect(byName.h1_lstm2).toMatchObject({ outputShape: '[null, 32]', params: 4 * 32 * (64 + 32 + 1) })
    expect(byName.m15_conv1).toMatchObject({ outputShape: '[null, 58, 32]', params: 3 * 13 * 32 + 32 })
    expect(byName.m15_conv2).toMatchObject({ outputShape: '[null, 56, 16]', params: 3 * 32 * 16 + 16 })
    expect(byName.m15_lstm1).toMatchObject({ outputShape: '[null, 56, 32]', params: 4 * 32 * (16 + 32 + 1) })
    expect(byName.m15_lstm2).toMatchObject({ outputShape: '[null, 16]', params: 4 * 16 * (32 + 16 + 1) })
    expect(byName.concat).toMatchObject({ outputShape: '[null, 48]' })
    expect(byName.dense1).toMatchObject({ params: 48 * 32 + 32 })
    expect(byName.dense2).toMatchObject({ params: 32 * 16 + 16 })
    expect(byName.quantiles).toMatchObject({ outputShape: '[null, 3]', params: 0 })
    // 19,968 + 12,416 + 1,280 + 1,552 + 6,272 + 3,136 + 1,568 + 528 + 51: about 47k, not the seed's "~150k"
    expect(total).toBe(46_771)
    m.dispose()
  })

  it.each([
    ['the seed', SEED_MODEL],
    ['a stock-LSTM, one-value variant', { ...SEED_MODEL, lstm: 'stock' as const, h1Lstm: [8, 8, 4], m15Conv: [6], convKernel: 5, dense: [], head: { kind: 'value' as const, threshold: 0.02, weight: 5 } }],
  ])('summarizeConfig agrees with tfjs for %s', (_, cfg) => {
    const m = buildModel(cfg, io, 1)
    const fromTf = summarize(m)
    const fromConfig = summarizeConfig(cfg, io)
    const key = (r: { name: string }) => r.name
    expect([...fromConfig.rows].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...fromTf.rows].sort((a, b) => key(a).localeCompare(key(b))))
    expect(fromConfig.total).toBe(fromTf.total)
    m.dispose()
  })

  it('never lets the quantiles cross', () => {
    const m = buildModel(SEED_MODEL, io, 2)
    const q = tf.tidy(() => m.predict([tf.randomNormal([32, 60, 13], 0, 3, 'float32', 7), tf.randomNormal([32, 60, 13], 0, 3, 'float32', 8)]) as tf.Tensor)
    const v = q.arraySync() as number[][]
    for (const [lo, mid, hi] of v) {
      expect(lo).toBeLessThanOrEqual(mid!)
      expect(mid).toBeLessThanOrEqual(hi!)
    }
    q.dispose()
    m.dispose()
  })

  it('gives the same weights for the same seed, different ones for another', () => {
    const w = (seed: number) => {
      const m = buildModel(SEED_MODEL, io, seed)
      const v = m.getWeights().map((t) => Array.from(t.dataSync()))
      m.dispose()
      return v
    }
    expect(w(5)).toEqual(w(5))
    expect(w(5)[0]).not.toEqual(w(6)[0])
  })

  it('builds the fused LSTM with the same weights and outputs as the stock one', () => {
    const stock = buildModel(SEED_MODEL, io, 11)
    const fused = buildModel({ ...SEED_MODEL, lstm: 'fused' }, io, 11)
    expect(fused.layers.filter((l) => l.getClassName() === 'FusedLSTM')).toHaveLength(4)
    const ws = stock.getWeights(), wf = fused.getWeights()
    ws.forEach((w, i) => expect(Array.from(wf[i]!.dataSync())).toEqual(Array.from(w.dataSync())))
    const x = [tf.randomNormal([4, 60, 13], 0, 1, 'float32', 3), tf.randomNormal([4, 60, 13], 0, 1, 'float32', 4)]
    const a = stock.predict(x) as tf.Tensor
    const b = fused.predict(x) as tf.Tensor
    const da = a.dataSync(), db = b.dataSync()
    da.forEach((v, i) => expect(db[i]).toBeCloseTo(v, 5))
    tf.dispose([...x, a, b])
    stock.dispose()
    fused.dispose()
  })

  it('builds a one-value head', () => {
    const m = buildModel({ ...SEED_MODEL, head: { kind: 'value', threshold: 0.02, weight: 5 } }, io, 3)
    expect(m.outputs[0]!.shape).toEqual([null, 1])
    m.dispose()
  })
})
