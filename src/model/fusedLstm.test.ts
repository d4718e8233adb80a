import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FusedLSTM } from './fusedLstm'
import { scratchStart, setSimdEnabled } from '../kernels/wasm/simdKernels'
import { relError } from '../kernels/testing'
import { lstmOf, setRandomWeights, twoLstmModel, type LstmKind } from './lstmKinds'
import { outputAndGrads } from './testing'

beforeAll(async () => {
  await tf.setBackend('cpu')
})
afterAll(() => setSimdEnabled(true))

describe('FusedLSTM against tf.layers.lstm (sigmoid gates), same weights', () => {
  // Units not divisible by 4 run the JS kernels (odd sizes reach every edge of their 4×2 GEMM
  // blocks); units = 8 and 12 run the wasm SIMD kernels, and again with SIMD switched off.
  it.each([
    [true, true, 3, 7, 4, 5], [true, false, 3, 7, 4, 5], [true, true, 9, 13, 6, 10], [true, false, 9, 13, 6, 10],
    [true, true, 6, 11, 5, 8], [true, false, 6, 11, 5, 8], [true, true, 5, 9, 3, 12],
    [false, true, 6, 11, 5, 8], [false, false, 5, 9, 3, 12],
  ])('simd=%s returnSequences=%s, x [%i, %i, %i], %i units: output and d/dx, d/dkernel, d/drecurrent, d/dbias', (useSimd, seq, b, t, d, h) => {
    setSimdEnabled(useSimd)
    const x = tf.randomNormal([b, t, d], 0, 1, 'float32', 11)
    const stock = lstmOf('stock', h, seq)
    tf.dispose(stock.apply(x) as tf.Tensor)
    // Counted after the stock build: its unitForgetBias initializer leaks 4 tensors per build
    // (tfjs 4.22), which FusedLSTM's build avoids.
    const start = tf.memory().numTensors
    const fused = lstmOf('fused', h, seq)
    tf.dispose(fused.apply(x) as tf.Tensor)
    setRandomWeights([stock], 5)
    fused.setWeights(stock.getWeights())
    const dy = tf.randomNormal(seq ? [b, t, h] : [b, h], 0, 1, 'float32', 12)
    const want = outputAndGrads(stock, x, dy)
    const got = outputAndGrads(fused, x, dy)
    const errors = got.map((g, i) => relError(g, want[i]!))
    // [y, dx, dKernel, dRecurrentKernel, dBias]; measured ~1e-7, float32 rounding in a different order.
    for (const e of errors) expect(e).toBeLessThan(1e-4)
    tf.dispose([dy, ...want, ...got])
    fused.dispose()
    expect(tf.memory().numTensors).toBe(start)
    stock.dispose()
    x.dispose()
  })

  it('has the same weight names, shapes and config as the stock layer', () => {
    const stock = lstmOf('stock', 3, true, 'enc')
    const fused = lstmOf('fused', 3, true, 'enc')
    const x = tf.zeros([1, 2, 4])
    tf.dispose([x, stock.apply(x) as tf.Tensor, fused.apply(x) as tf.Tensor])
    expect(fused.weights.map((w) => [w.originalName, w.shape])).toEqual([
      ['enc/kernel', [4, 12]], ['enc/recurrent_kernel', [3, 12]], ['enc/bias', [12]],
    ])
    expect(fused.weights.map((w) => w.originalName)).toEqual(stock.weights.map((w) => w.originalName))
    expect(fused.getConfig()).toEqual(stock.getConfig())
    // Unit forget bias: ones on the f quarter of the bias, zeros elsewhere.
    expect(Array.from(fused.getWeights()[2]!.dataSync())).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    stock.dispose()
    fused.dispose()
  })

  it('refuses what the kernels do not implement, naming the option', () => {
    expect(() => new FusedLSTM({ units: 2, recurrentActivation: 'hardSigmoid' }))
      .toThrow("fusedLstm: recurrentActivation must be 'sigmoid', got hardSigmoid")
    expect(() => new FusedLSTM({ units: 2, dropout: 0.1 })).toThrow('fusedLstm: dropout must be 0, got 0.1')
    expect(() => new FusedLSTM({ units: 2, returnState: true })).toThrow('fusedLstm: returnState: true is not supported')
  })
})

describe('FusedLSTM with inputGradient: false (a layer fed by a model input)', () => {
  it('gives the stock weight gradients, skips dx, and refuses a gradient with respect to x', () => {
    const x = tf.randomNormal([4, 7, 5], 0, 1, 'float32', 61)
    const stock = lstmOf('stock', 8, true)
    const fused = new FusedLSTM({ units: 8, returnSequences: true, inputGradient: false })
    tf.dispose([stock.apply(x) as tf.Tensor, fused.apply(x) as tf.Tensor])
    setRandomWeights([stock], 62)
    fused.setWeights(stock.getWeights())
    const dy = tf.randomNormal([4, 7, 8], 0, 1, 'float32', 63)
    const start = tf.memory().numTensors
    const want = outputAndGrads(stock, x, dy)
    const weightsOf = (layer: tf.layers.Layer) => {
      const f = () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, dy)) as tf.Scalar
      const { value, grads } = tf.variableGrads(f, layer.trainableWeights.map((w) => w.read() as tf.Variable))
      value.dispose()
      return layer.trainableWeights.map((w) => grads[(w.read() as tf.Variable).name]!)
    }
    const got = weightsOf(fused)
    got.forEach((g, i) => expect(relError(g, want[i + 2]!)).toBeLessThan(1e-4))
    tf.dispose([...want, ...got])
    expect(tf.memory().numTensors).toBe(start)
    expect(() => tf.grad((t: tf.Tensor) => tf.sum(fused.apply(t) as tf.Tensor))(x)).toThrow(/Cannot compute gradient/)
    // Not part of the Keras config: a saved model reloads with the default (input gradient on).
    expect(Object.keys(fused.getConfig())).toEqual(Object.keys(stock.getConfig()))
    tf.dispose([x, dy])
    stock.dispose()
    fused.dispose()
  })
})

describe('training a two-LSTM model', () => {
  function lossCurve(kind: LstmKind, steps: number): number[] {
    const model = twoLstmModel(kind, 12, 5, 8, 4, 21)
    const x = tf.randomNormal([6, 12, 5], 0, 1, 'float32', 31)
    const y = tf.randomNormal([6, 1], 0, 1, 'float32', 32)
    const opt = tf.train.adam(0.01)
    const losses: number[] = []
    for (let i = 0; i < steps; i++) {
      const loss = opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)
      losses.push(loss!.dataSync()[0]!)
      loss!.dispose()
    }
    tf.dispose([x, y])
    opt.dispose()
    model.dispose()
    return losses
  }

  it('follows the stock loss curve for 20 Adam steps', () => {
    const stock = lossCurve('stock', 20)
    const fused = lossCurve('fused', 20)
    expect(stock[19]).toBeLessThan(stock[0]! * 0.9)
    fused.forEach((l, i) => expect(Math.abs(l - stock[i]!) / stock[i]!).toBeLessThan(1e-4))
  })

  it.each([[true, 8, true], [false, 8, true], [true, 8, false], [false, 6, true]])(
    'outside a gradient tape (returnSequences=%s, %i units, simd=%s) FusedLstm makes y alone, the taped forward\'s y bit for bit', async (seq, h, useSimd) => {
      setSimdEnabled(useSimd)
      const x = tf.randomNormal([37, 7, 5], 0, 1, 'float32', 21)
      const layer = lstmOf('fused', h, seq)
      tf.dispose(layer.apply(x) as tf.Tensor)
      setRandomWeights([layer], 22)
      const outputsOf = (p: Awaited<ReturnType<typeof tf.profile>>) => p.kernels.filter((k) => k.name === 'FusedLstm').map((k) => k.outputShapes.length)
      // Read each profile at once: tf.profile hands out the same object each time.
      let inferred: tf.Tensor | undefined
      const free = outputsOf(await tf.profile(() => { inferred = layer.apply(x) as tf.Tensor }))
      let taped: tf.Tensor | undefined
      const tape = outputsOf(await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => {
          const y = layer.apply(x) as tf.Tensor
          taped = tf.keep(y.clone())
          return tf.sum(y)
        }, layer.trainableWeights.map((w) => w.read() as tf.Variable))
        tf.dispose([value, ...Object.values(grads)])
      }))
      expect(free).toEqual([1]) // no reserve
      expect(tape).toEqual([2]) // y and the reserve backward reads
      expect(inferred!.shape).toEqual(taped!.shape)
      expect(inferred!.dataSync()).toEqual(taped!.dataSync())
      tf.dispose([x, inferred!, taped!])
      layer.dispose()
      setSimdEnabled(true)
    })

  it('keeps the training reserve in the wasm arena from forward to backward: nothing stays kept after a step, and what a gradient computation left is dropped by the next', () => {
    const x = tf.randomNormal([37, 7, 5], 0, 1, 'float32', 31)
    const layer = lstmOf('fused', 8, true)
    tf.dispose(layer.apply(x) as tf.Tensor)
    setRandomWeights([layer], 32)
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable)
    const gradsOf = (f: () => tf.Scalar, of: tf.Variable[]) => {
      const { value, grads } = tf.variableGrads(f, of)
      tf.dispose([value, ...Object.values(grads)])
    }
    const step = () => gradsOf(() => tf.sum(layer.apply(x) as tf.Tensor), weights)
    expect(scratchStart()).toBe(0)
    step()
    expect(scratchStart()).toBe(0)
    // A gradient with respect to another variable: tfjs runs no backward pass for the LSTM, so its reserve stays...
    const v = tf.variable(tf.scalar(2))
    gradsOf(() => tf.add(tf.sum(layer.apply(x) as tf.Tensor), v), [v])
    expect(scratchStart()).toBe(Math.ceil((37 * 7 * 8 * 7) / 16) * 16) // T·B·7H floats, to a whole cache line
    // ...until the next forward pass under a tape, and a backward pass reading it then says so.
    const [kernel, recurrentKernel, bias] = layer.getWeights() as [tf.Tensor, tf.Tensor, tf.Tensor]
    const [y, handle] = tf.engine().runKernel('FusedLstm', { x, kernel, recurrentKernel, bias }, { returnSequences: true }) as [tf.Tensor, tf.Tensor]
    expect(handle.shape).toEqual([2]) // the region's id and the reserve's length, not the reserve
    step()
    expect(scratchStart()).toBe(0)
    expect(() => tf.engine().runKernel('FusedLstmGrad', { dy: y, x, kernel, recurrentKernel, reserve: handle }, { returnSequences: true }))
      .toThrow(/fusedLstm: the reserve of this forward pass is no longer in the arena/)
    tf.dispose([x, y, handle, v])
    layer.dispose()
  })

  it('leaks no tensor per step and runs a handful of kernels per LSTM', async () => {
    const counts: Record<LstmKind, number> = { stock: 0, fused: 0 }
    for (const kind of ['stock', 'fused'] as const) {
      const model = twoLstmModel(kind, 60, 24, 16, 8, 3)
      const x = tf.randomNormal([4, 60, 24], 0, 1, 'float32', 1)
      const y = tf.zeros([4, 1])
      const opt = tf.train.adam(0.001)
      const step = () => tf.dispose(opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)!)
      step() // Adam makes its moment variables on the first step.
      const before = tf.memory().numTensors
      const profile = await tf.profile(step)
      expect(tf.memory().numTensors).toBe(before)
      counts[kind] = profile.kernels.length
      if (kind === 'fused') {
        const names = profile.kernels.map((k) => k.name)
        expect(names.filter((n) => n === 'FusedLstm')).toHaveLength(2)
        expect(names.filter((n) => n === 'FusedLstmGrad')).toHaveLength(2)
      }
      tf.dispose([x, y])
      opt.dispose()
      model.dispose()
    }
    // Measured: stock 11 978 kernels, fused 163. Of the 163 the two LSTMs take 14 (per layer:
    // FusedLstm, its customGrad scope, 4 Identity clones saved for backward, FusedLstmGrad);
    // Adam's update of 8 variables is ~120 and Dense + MSE the rest.
    expect(counts.fused).toBeLessThan(200)
    expect(counts.stock).toBeGreaterThan(50 * counts.fused)
  })
})

describe('in a two-input functional model (the dual-stream shape)', () => {
  function dualStream(kind: LstmKind): tf.LayersModel {
    const hourly = tf.input({ shape: [10, 4] })
    const quarter = tf.input({ shape: [16, 4] })
    const a = lstmOf(kind, 8, false).apply(hourly) as tf.SymbolicTensor
    const b = lstmOf(kind, 4, false).apply(lstmOf(kind, 8, true).apply(quarter) as tf.SymbolicTensor) as tf.SymbolicTensor
    const merged = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor
    const model = tf.model({ inputs: [hourly, quarter], outputs: tf.layers.dense({ units: 1 }).apply(merged) as tf.SymbolicTensor })
    setRandomWeights(model.layers, 50)
    return model
  }

  it('trains like the stock model for 5 Adam steps', () => {
    const xs = [tf.randomNormal([4, 10, 4], 0, 1, 'float32', 51), tf.randomNormal([4, 16, 4], 0, 1, 'float32', 52)]
    const y = tf.randomNormal([4, 1], 0, 1, 'float32', 53)
    const curves = (['stock', 'fused'] as const).map((kind) => {
      const model = dualStream(kind)
      const opt = tf.train.adam(0.01)
      const losses = Array.from({ length: 5 }, () => {
        const loss = opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(xs) as tf.Tensor) as tf.Scalar, true)!
        const v = loss.dataSync()[0]!
        loss.dispose()
        return v
      })
      opt.dispose()
      model.dispose()
      return losses
    })
    curves[1]!.forEach((l, i) => expect(Math.abs(l - curves[0]![i]!) / curves[0]![i]!).toBeLessThan(1e-4))
    tf.dispose([...xs, y])
  })
})
