import type * as tf from '@tensorflow/tfjs'
import { seededRng } from '../util/rng'
import type { LstmGrads, LstmShape } from './lstm/types'

// Helpers for the kernels' tests (and the model's): never imported by code that ships or by scripts.

/** max |a − b| / max |b|: error relative to the scale of the reference tensor. */
export function relError(actual: tf.Tensor, expected: tf.Tensor): number {
  if (actual.shape.join() !== expected.shape.join()) {
    throw new Error(`relError: shapes differ, [${actual.shape}] vs [${expected.shape}]`)
  }
  return relErrorOf(actual.dataSync(), expected.dataSync())
}

/** max |a − b| / max |b| over arrays (max |a − b| where b is all zeros). */
export function relErrorOf(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0, scale = 0
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!))
    scale = Math.max(scale, Math.abs(expected[i]!))
  }
  return scale === 0 ? diff : diff / scale
}

/** `n` seeded floats, uniform in [−1, 1). */
export function randomFloats(n: number, seed: number): Float32Array {
  const r = seededRng(seed)
  return Float32Array.from({ length: n }, () => r() * 2 - 1)
}

/** Zeroed gradient buffers for a layer shape, dx included. */
export function emptyGrads(s: LstmShape): LstmGrads {
  return {
    dx: new Float32Array(s.batch * s.time * s.inputDim),
    dKernel: new Float32Array(s.inputDim * 4 * s.units),
    dRecurrentKernel: new Float32Array(s.units * 4 * s.units),
    dBias: new Float32Array(4 * s.units),
  }
}
