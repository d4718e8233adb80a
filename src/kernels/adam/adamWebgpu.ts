import * as tf from '@tensorflow/tfjs'
import { adamGroups, FUSED_ADAM } from './adamKernel'
import type { AdamScalars } from './types'
import type { GpuProgram, WebGpuBackendLike } from '../backend/types'

/**
 * FusedAdam on webgpu: one engine kernel for the whole step, as on cpu and wasm, running three WGSL
 * dispatches per variable (m', v' and the new value; a tfjs program writes one output). tfjs's
 * AdamOptimizer runs ~14 kernels per variable there, each its own dispatch. Sizes and the step's
 * scalars are uniforms, so three shaders serve every variable and every step (no recompiles when the
 * learning rate or β^t change). Outputs are fresh tensors, never writes in place: a clone of a
 * variable shares its buffer.
 */

const THREADS = 64
const UNIFORMS = 'b1 : f32, c1 : f32, b2 : f32, c2 : f32, a1 : f32, a2 : f32, eps : f32, step : f32, '

/** Each output element from the same float32 operations, in the same order, as adamUpdate (adamKernel.ts). */
const CODE = {
  m: 'result[index] = mom[index] * uniforms.b1 + grad[index] * uniforms.c1;',
  v: 'let g = grad[index]; result[index] = vel[index] * uniforms.b2 + (g * g) * uniforms.c2;',
  value: `let g = grad[index];
    let m = mom[index] * uniforms.b1 + g * uniforms.c1;
    let v = vel[index] * uniforms.b2 + (g * g) * uniforms.c2;
    let ratio = (m / uniforms.a1) / (sqrt(v / uniforms.a2) + uniforms.eps);
    result[index] = ratio * uniforms.step + val[index];`,
} as const

const INPUTS = { m: ['mom', 'grad'], v: ['vel', 'grad'], value: ['val', 'mom', 'vel', 'grad'] } as const

function program(role: keyof typeof CODE, n: number): GpuProgram {
  return {
    variableNames: [...INPUTS[role]], outputShape: [n], shaderKey: `fusedAdam_${role}`, dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(n / THREADS), 1, 1], workgroupSize: [THREADS, 1, 1], uniforms: UNIFORMS, size: true,
    getUserCode: () => `fn main(index: i32) {
    if (index >= uniforms.size) { return; }
    ${CODE[role]}
  }`,
  }
}

function runAdamWebgpu(be: WebGpuBackendLike, inputs: tf.NamedTensorInfoMap, attrs: AdamScalars & { count: number }): tf.TensorInfo[] {
  const f = Math.fround
  // The float32 scalars tfjs's ops use (adamUpdate): 1 − β rounded once, the step as −lr.
  const data = [f(attrs.beta1), f(1 - attrs.beta1), f(attrs.beta2), f(1 - attrs.beta2),
    f(attrs.oneMinusAccBeta1), f(attrs.oneMinusAccBeta2), f(attrs.epsilon), f(-attrs.learningRate)]
  const uniforms = data.map((x) => ({ type: 'float32' as const, data: [x] }))
  return adamGroups(inputs, attrs.count).flatMap(([value, m, v, g]) => {
    const n = tf.util.sizeFromShape(value.shape)
    // Flat views of the same buffers: the shaders index elements, and rank-1 inputs keep one shader key per role.
    const flat = (t: tf.TensorInfo): tf.TensorInfo => ({ ...t, shape: [n] })
    const by = { val: flat(value), mom: flat(m), vel: flat(v), grad: flat(g) }
    return (['value', 'm', 'v'] as const).map((role) => {
      const out = be.runWebGPUProgram(program(role, n), INPUTS[role].map((name) => by[name]), 'float32', uniforms)
      return { ...out, shape: value.shape }
    })
  })
}

/** Registers FusedAdam for 'webgpu'. Idempotent; needs no webgpu package loaded. */
export function registerWebgpuAdamKernel(): void {
  if (tf.getKernel(FUSED_ADAM, 'webgpu') != null) return
  tf.registerKernel({
    kernelName: FUSED_ADAM,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) =>
      runAdamWebgpu(backend as unknown as WebGpuBackendLike, inputs, attrs as unknown as AdamScalars & { count: number }),
  })
}
