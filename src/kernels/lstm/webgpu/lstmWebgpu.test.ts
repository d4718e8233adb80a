import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { FUSED_LSTM, FUSED_LSTM_GRAD } from '../lstmInputs'
import { reserveLength } from '../lstmLayout'
import { registerWebgpuLstmKernels, webgpuLstmOptions } from './lstmWebgpu'
import { sliceRows } from './lstmWgsl'

/**
 * The WGSL itself runs only in a browser (e2e/webgpuLstm.spec.ts proves its numbers against the stock
 * layer on SwiftShader). Here a recording stand-in for the WebGPU backend checks the plumbing: how many
 * dispatches, which inputs go to which program, that every size is in the shader key (tfjs's key has
 * ranks only, so a missing size would reuse a pipeline compiled for another shape), and what is freed.
 */
interface Call { key: string; inputs: tf.TensorInfo[]; outputShape: number[]; reusedOutput: boolean; workgroups: number; code: string }

function fakeBackend(maxWorkgroupStorage: number) {
  const calls: Call[] = []
  const disposed: tf.DataId[] = []
  let next = 0
  const backend = {
    device: { limits: { maxComputeWorkgroupStorageSize: maxWorkgroupStorage } },
    runWebGPUProgram(p: { shaderKey: string; outputShape: number[]; dispatch: number[]; getUserCode(): string },
      inputs: tf.TensorInfo[], dtype: string, _u?: unknown, output?: tf.TensorInfo): tf.TensorInfo {
      calls.push({ key: p.shaderKey, inputs, outputShape: p.outputShape, reusedOutput: output !== undefined, workgroups: p.dispatch[0]!, code: p.getUserCode() })
      return output ?? { dataId: { id: next++ }, shape: p.outputShape, dtype: dtype as tf.DataType }
    },
    disposeData(id: tf.DataId) {
      disposed.push(id)
      return true
    },
  }
  return { backend, calls, disposed }
}

const info = (shape: number[]): tf.TensorInfo => ({ dataId: { shape }, shape, dtype: 'float32' })

function run(name: string, backend: unknown, inputs: Record<string, tf.TensorInfo>, returnSequences: boolean): tf.TensorInfo[] {
  registerWebgpuLstmKernels()
  const kernel = tf.getKernel(name, 'webgpu')
  if (kernel == null) throw new Error(`test: ${name} is not registered for webgpu`)
  return kernel.kernelFunc({ inputs, backend: backend as tf.KernelBackend, attrs: { returnSequences } }) as tf.TensorInfo[]
}

describe('FusedLstm on webgpu: dispatches and buffers', () => {
  const s = { batch: 3, time: 5, inputDim: 7, units: 4 }
  const x = info([3, 5, 7]), kernel = info([7, 16]), recurrentKernel = info([4, 16]), bias = info([16])

  it.each([[true, [3, 5, 4]], [false, [3, 4]]])('forward, returnSequences=%s: projection, recurrence into the same reserve, output %j', (seq, yShape) => {
    const { backend, calls } = fakeBackend(16384)
    const [y, reserve] = run(FUSED_LSTM, backend, { x, kernel, recurrentKernel, bias }, seq)
    expect(calls.map((c) => c.key)).toEqual([
      'fusedLstmProj_3_5_7_4', 'fusedLstmRecW_3_5_7_4_r3', `fusedLstmOut${seq ? 'Seq' : 'Last'}_3_5_7_4`,
    ])
    expect(reserve!.shape).toEqual([reserveLength(s)])
    // 3·5 rows × 16 gates = 240 projections, 64 a workgroup: 4 workgroups, not one per reserve float.
    expect(calls[0]!.workgroups).toBe(4)
    expect(calls[0]!.inputs).toEqual([x, kernel, bias])
    expect(calls[1]!).toMatchObject({ inputs: [recurrentKernel], reusedOutput: true, workgroups: 1 })
    expect(calls[2]!.inputs).toEqual([reserve])
    expect(y!.shape).toEqual(yShape)
  })

  it('passes h through storage when 2·B·H floats exceed the workgroup memory limit', () => {
    // 2 · 3 · 4 floats = 96 bytes.
    const { backend, calls } = fakeBackend(95)
    run(FUSED_LSTM, backend, { x, kernel, recurrentKernel, bias }, true)
    expect(calls[1]!.key).toBe('fusedLstmRecS_3_5_7_4_r3')
    expect(calls[1]!.code).toContain('storageBarrier')
    expect(calls[1]!.code).not.toContain('var<workgroup>')
  })

  it('backward: dz through time, then four gradients from it; dz is freed, the outputs are not', () => {
    const { backend, calls, disposed } = fakeBackend(16384)
    const reserve = info([reserveLength(s)]), dy = info([3, 4])
    const grads = run(FUSED_LSTM_GRAD, backend, { dy, x, kernel, recurrentKernel, reserve }, false)
    expect(calls.map((c) => c.key.replace('_3_5_7_4', ''))).toEqual([
      'fusedLstmBpttLast_r3', 'fusedLstmDx', 'fusedLstmDk', 'fusedLstmDu', 'fusedLstmDb',
    ])
    expect(calls[0]!.inputs).toEqual([reserve, dy, recurrentKernel])
    expect(grads.map((g) => g.shape)).toEqual([[3, 5, 7], [7, 16], [4, 16], [16]])
    expect(disposed).toEqual([{ id: 0 }])
  })

  it('backward without inputGradient (a layer fed by a model input): no dx dispatch, three gradients', () => {
    const { backend, calls } = fakeBackend(16384)
    const reserve = info([reserveLength(s)]), dy = info([3, 4])
    registerWebgpuLstmKernels()
    const kernelFunc = tf.getKernel(FUSED_LSTM_GRAD, 'webgpu')!.kernelFunc
    const grads = kernelFunc({ inputs: { dy, x, kernel, recurrentKernel, reserve }, backend: backend as unknown as tf.KernelBackend,
      attrs: { returnSequences: false, inputGradient: false } }) as tf.TensorInfo[]
    expect(calls.map((c) => c.key.replace('_3_5_7_4', ''))).toEqual(['fusedLstmBpttLast_r3', 'fusedLstmDk', 'fusedLstmDu', 'fusedLstmDb'])
    expect(grads.map((g) => g.shape)).toEqual([[7, 16], [4, 16], [16]])
  })

  it('slices of batch rows: a workgroup a slice in both time loops, each weight gradient summed per slice and then over the slices', () => {
    const { backend, calls, disposed } = fakeBackend(16384)
    webgpuLstmOptions.slices = 3
    try {
      run(FUSED_LSTM, backend, { x, kernel, recurrentKernel, bias }, false)
      expect(calls[1]!).toMatchObject({ key: 'fusedLstmRecW_3_5_7_4_r1', workgroups: 3 })
      // one row a slice: 2 · 1 · 4 floats of h in workgroup memory
      expect(calls[1]!.code).toContain('var<workgroup> hs: array<f32, 8>')
      calls.length = 0
      const reserve = info([reserveLength(s)]), dy = info([3, 4])
      const grads = run(FUSED_LSTM_GRAD, backend, { dy, x, kernel, recurrentKernel, reserve }, false)
      expect(calls.map((c) => c.key.replace('_3_5_7_4', ''))).toEqual([
        'fusedLstmBpttLast_r1', 'fusedLstmDx', 'fusedLstmDk_r1', 'fusedLstmDkSum_r1', 'fusedLstmDu_r1', 'fusedLstmDuSum_r1', 'fusedLstmDb_r1', 'fusedLstmDbSum_r1',
      ])
      expect(calls[0]!.workgroups).toBe(3)
      // the partial sums: 3 slices × the gradient's elements, each then added up into the gradient's shape
      expect(calls.filter((c) => c.key.includes('Sum')).map((c) => c.inputs[0]!.shape)).toEqual([[3 * 7 * 16], [3 * 4 * 16], [3 * 16]])
      expect(grads.map((g) => g.shape)).toEqual([[3, 5, 7], [7, 16], [4, 16], [16]])
      // dz and the three partial-sum buffers freed; the gradients kept
      expect(disposed).toHaveLength(4)
      expect(disposed).not.toContainEqual(grads[1]!.dataId)
    } finally {
      delete webgpuLstmOptions.slices
    }
  })

  it.each([[256, 64, 4, 64], [32, 64, 4, 8], [256, 16, 16, 16], [3, 4, 3, 1], [13, 64, 4, 4]])(
    'batch %i, %i units: %i rows a slice by default (one cell a thread), %i slices', (batch, units, rows, slices) => {
      const shape = { batch, time: 60, inputDim: 13, units }
      expect(sliceRows(shape)).toBe(rows)
      expect(Math.ceil(batch / sliceRows(shape))).toBe(slices)
    })

  it('refuses a reserve of another shape, naming both lengths', () => {
    const { backend } = fakeBackend(16384)
    const inputs = { dy: info([3, 4]), x, kernel, recurrentKernel, reserve: info([10]) }
    expect(() => run(FUSED_LSTM_GRAD, backend, inputs, false)).toThrow(`webgpu reserve has 10 values, expected ${reserveLength(s)}`)
  })
})
