import * as tf from '@tensorflow/tfjs'
import { DIRECT_BACKENDS, need } from '../backend/tensorIO'
import type { TensorIO } from '../backend/types'
import type { AdamScalars } from './types'

/** Kernel name as the engine, `tf.profile` and error messages show it. */
export const FUSED_ADAM = 'FusedAdam'

const f = Math.fround

/**
 * One Adam step over flat arrays, with tfjs 4.22's AdamOptimizer formula and order of operations:
 *   m' = β1·m + (1 − β1)·g,  v' = β2·v + (1 − β2)·g²
 *   value' = value − lr · (m' / (1 − β1^t)) / (√(v' / (1 − β2^t)) + ε)
 * with ε outside the square root. Every operation is rounded to float32 as tfjs rounds each op it runs,
 * so the cpu backend's results are bit for bit tfjs's. Outputs may alias inputs of the same role.
 */
export function adamUpdate(
  s: AdamScalars, value: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array,
  outValue: Float32Array, outM: Float32Array, outV: Float32Array,
): void {
  // tfjs multiplies by the float32 scalars 1 − β computed in float64 first, and by −lr.
  const b1 = f(s.beta1), c1 = f(1 - s.beta1), b2 = f(s.beta2), c2 = f(1 - s.beta2)
  const a1 = f(s.oneMinusAccBeta1), a2 = f(s.oneMinusAccBeta2), eps = f(s.epsilon), step = f(-s.learningRate)
  for (let i = 0; i < value.length; i++) {
    const gi = g[i]!
    const mi = f(f(m[i]! * b1) + f(gi * c1))
    const vi = f(f(v[i]! * b2) + f(f(gi * gi) * c2))
    const ratio = f(f(mi / a1) / f(f(Math.sqrt(f(vi / a2))) + eps))
    outValue[i] = f(ratio * step) + value[i]!
    outM[i] = mi
    outV[i] = vi
  }
}

/**
 * Inputs value{i}, m{i}, v{i}, g{i} for i < attrs.count; outputs [value0', m0', v0', value1', …], fresh
 * tensors the caller assigns to its variables. New tensors rather than writes in place: a clone of a
 * variable shares its memory (fit keeps the best epoch's weights as clones), so writing in place would
 * change the clones too.
 */
function runAdam(io: TensorIO, inputs: tf.NamedTensorInfoMap, attrs: AdamScalars & { count: number }): tf.TensorInfo[] {
  const groups = adamGroups(inputs, attrs.count)
  const outs = groups.flatMap((group) => [0, 1, 2].map(() => io.alloc(group[0]!.shape)))
  // Views after the last allocation (see TensorIO).
  const views = io.views([...groups.flat(), ...outs])
  groups.forEach((_, i) => {
    const [value, m, v, g] = views.slice(4 * i, 4 * i + 4) as [Float32Array, Float32Array, Float32Array, Float32Array]
    const [nv, nm, nvv] = views.slice(4 * groups.length + 3 * i, 4 * groups.length + 3 * i + 3) as [Float32Array, Float32Array, Float32Array]
    adamUpdate(attrs, value, m, v, g, nv, nm, nvv)
  })
  return outs
}

/** The kernel's inputs as [value, m, v, g] per variable, checked present, float32 and of one size. */
type Group = [value: tf.TensorInfo, m: tf.TensorInfo, v: tf.TensorInfo, g: tf.TensorInfo]
export function adamGroups(inputs: tf.NamedTensorInfoMap, count: number): Group[] {
  const groups: Group[] = []
  for (let i = 0; i < count; i++) {
    const group = ['value', 'm', 'v', 'g'].map((role) => need(inputs, `${role}${i}`, 'fusedAdam', ` (count ${count})`))
    const size = tf.util.sizeFromShape(group[0]!.shape)
    group.forEach((t, r) => {
      if (tf.util.sizeFromShape(t.shape) !== size) {
        throw new Error(`fusedAdam: '${['value', 'm', 'v', 'g'][r]}${i}' has shape [${t.shape}], the variable [${group[0]!.shape}]; pass one gradient per variable`)
      }
    })
    groups.push(group as Group)
  }
  return groups
}

/** Registers FusedAdam for the cpu and wasm backends (webgpu: adamWebgpu.ts). Idempotent and cheap. */
export function registerAdamKernel(): void {
  for (const { name, io } of DIRECT_BACKENDS) {
    if (tf.getKernel(FUSED_ADAM, name) != null) continue
    tf.registerKernel({
      kernelName: FUSED_ADAM,
      backendName: name,
      kernelFunc: ({ inputs, backend, attrs }) => runAdam(io(backend), inputs, attrs as unknown as AdamScalars & { count: number }),
    })
  }
}
