import { lstmBackward } from './lstmBackward'
import { lstmForward, lstmOutput } from './lstmForward'
import { lanesOf, reserveLength } from '../lstmLayout'
import type { Lane, LstmGrads, LstmShape, LstmWeights } from '../types'

/**
 * The JS functions over the lanes of a batch (lstmLayout.ts): the same laned reserve the SIMD
 * drivers write, and the weight gradients summed in lane order as they sum them. The JS functions
 * stay the reference: for one lane these are exactly lstmForward / lstmBackward.
 */

const reserveOf = (lane: Lane, reserve: Float32Array): Float32Array =>
  reserve.subarray(lane.reserve, lane.reserve + reserveLength(lane.shape))

/** The lane's rows of a batch-major [B × …] array with `perRow` floats a row. */
const rowsOf = (lane: Lane, a: Float32Array, perRow: number): Float32Array =>
  a.subarray(lane.row * perRow, (lane.row + lane.shape.batch) * perRow)

function checkReserve(s: LstmShape, reserve: Float32Array): void {
  if (reserve.length !== reserveLength(s)) throw new Error(`fusedLstm: reserve has ${reserve.length} values, expected ${reserveLength(s)}`)
}

export function lstmForwardLanes(s: LstmShape, x: Float32Array, w: LstmWeights, reserve: Float32Array): void {
  checkReserve(s, reserve)
  if (x.length !== s.batch * s.time * s.inputDim) throw new Error(`fusedLstm: x has ${x.length} values, expected B·T·D = ${s.batch * s.time * s.inputDim}`)
  for (const lane of lanesOf(s)) lstmForward(lane.shape, rowsOf(lane, x, s.time * s.inputDim), w, reserveOf(lane, reserve))
}

/** The layer's output, batch-major: [B × T × H] with `sequences`, else [B × H] (the last step). */
export function lstmOutputLanes(s: LstmShape, reserve: Float32Array, sequences: boolean, y: Float32Array): void {
  for (const lane of lanesOf(s)) {
    lstmOutput(lane.shape, reserveOf(lane, reserve), sequences, rowsOf(lane, y, sequences ? s.time * s.units : s.units))
  }
}

export function lstmBackwardLanes(
  s: LstmShape, x: Float32Array, w: Pick<LstmWeights, 'kernel' | 'recurrentKernel'>, reserve: Float32Array,
  dy: Float32Array, sequences: boolean, grads: LstmGrads,
): void {
  checkReserve(s, reserve)
  const [first, ...rest] = lanesOf(s) as [Lane, ...Lane[]]
  const TD = s.time * s.inputDim, dyRow = sequences ? s.time * s.units : s.units
  const laneGrads = (lane: Lane, g: LstmGrads): LstmGrads => ({ ...g, dx: g.dx && rowsOf(lane, g.dx, TD) })
  lstmBackward(first.shape, rowsOf(first, x, TD), w, reserveOf(first, reserve), rowsOf(first, dy, dyRow), sequences, laneGrads(first, grads))
  if (rest.length === 0) return
  const part: LstmGrads = {
    dx: grads.dx,
    dKernel: new Float32Array(grads.dKernel.length),
    dRecurrentKernel: new Float32Array(grads.dRecurrentKernel.length),
    dBias: new Float32Array(grads.dBias.length),
  }
  // Each next lane's sums added to the running total, in lane order, as the SIMD drivers add them.
  for (const lane of rest) {
    lstmBackward(lane.shape, rowsOf(lane, x, TD), w, reserveOf(lane, reserve), rowsOf(lane, dy, dyRow), sequences, laneGrads(lane, part))
    for (const key of ['dKernel', 'dRecurrentKernel', 'dBias'] as const) {
      const sum = grads[key], add = part[key]
      for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + add[i]!
    }
  }
}
