import * as tf from '@tensorflow/tfjs'
import { FUSED_ADAM, registerAdamKernel } from './adamKernel'
import type { AdamScalars } from './types'
import { registerWebgpuAdamKernel } from './adamWebgpu'

/** tfjs-core's NamedTensor ({ name, tensor }), which the tfjs package does not re-export. */
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number]
type NamedGrads = tf.NamedTensorMap | NamedTensor[]
interface Slot { originalName: string; variable: tf.Variable }

const f = Math.fround

/**
 * Adam with tfjs's math (bias-corrected, ε outside the root, β^t kept as float32 products) whose step is
 * ONE kernel for all variables on cpu, wasm and webgpu (there: three WGSL dispatches a variable,
 * adamWebgpu.ts), where tfjs's AdamOptimizer launches ~14 per variable (22 variables in the seed
 * network: the step went from 554 kernels to 243). WebGL runs the same formula as tfjs ops. `learningRate` may be set between steps (ReduceLROnPlateau does).
 * Moments are non-trainable variables, saved and restored by getWeights/setWeights in tfjs Adam's
 * layout ([iter, m…, v…]), so either optimizer can load the other's weights. `dispose` frees them.
 */
export class FusedAdam extends tf.Optimizer {
  static className = 'FusedAdam'
  /** β1^t and β2^t for the next step t, as tfjs keeps them: float32 products, one per step. */
  private accBeta1: number
  private accBeta2: number
  private first: Slot[] = []
  private second: Slot[] = []

  constructor(public learningRate: number, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly epsilon = 1e-7) {
    super()
    registerAdamKernel()
    registerWebgpuAdamKernel()
    this.accBeta1 = f(beta1)
    this.accBeta2 = f(beta2)
  }

  override applyGradients(grads: NamedGrads): void {
    const named = Array.isArray(grads) ? grads.map((g) => [g.name, g.tensor] as const) : Object.entries(grads)
    const scalars: AdamScalars = {
      learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon,
      oneMinusAccBeta1: f(1 - this.accBeta1), oneMinusAccBeta2: f(1 - this.accBeta2),
    }
    const work: { value: tf.Variable; m: tf.Variable; v: tf.Variable; g: tf.Tensor }[] = []
    named.forEach(([name, g], i) => {
      const value = tf.engine().registeredVariables[name]
      if (value === undefined) throw new Error(`fusedAdam: no variable named '${name}'; pass gradients of registered variables`)
      // Slots by position, as tfjs's Adam keeps them, so getWeights lines up with its layout.
      this.first[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) }
      this.second[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) }
      if (g != null) work.push({ value, m: this.first[i]!.variable, v: this.second[i]!.variable, g })
    })
    tf.tidy(() => {
      const fused = tf.getKernel(FUSED_ADAM, tf.getBackend()) != null && work.every((w) => w.value.dtype === 'float32')
      const next = fused ? fusedStep(work, scalars) : work.map((w) => opsStep(w, scalars))
      work.forEach((w, i) => {
        const [value, m, v] = next[i] as [tf.Tensor, tf.Tensor, tf.Tensor]
        w.value.assign(value)
        w.m.assign(m)
        w.v.assign(v)
      })
    })
    this.accBeta1 = f(this.accBeta1 * f(this.beta1))
    this.accBeta2 = f(this.accBeta2 * f(this.beta2))
    this.incrementIterations()
  }

  override dispose(): void {
    tf.dispose([...this.first, ...this.second].map((s) => s.variable))
    this.first = []
    this.second = []
    super.dispose()
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.first, ...this.second]
    return [await this.saveIterations(), ...slots.map((s) => ({ name: s.originalName, tensor: s.variable }))]
  }

  override async setWeights(weights: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weights)
    if (rest.length % 2 !== 0) throw new Error(`fusedAdam: expected m and v for each variable, got ${rest.length} tensors`)
    // tfjs's Adam restores β^t by a power, not the running product; so do we, to load alike.
    this.accBeta1 = f(Math.pow(f(this.beta1), this.iterations + 1))
    this.accBeta2 = f(Math.pow(f(this.beta2), this.iterations + 1))
    tf.dispose([...this.first, ...this.second].map((s) => s.variable))
    const slot = (w: NamedTensor): Slot => ({ originalName: w.name, variable: w.tensor.variable(false) })
    this.first = rest.slice(0, rest.length / 2).map(slot)
    this.second = rest.slice(rest.length / 2).map(slot)
  }

  /**
   * β1^t and β2^t as this optimizer holds them. setWeights recomputes them by a power, as tfjs does, which can
   * differ from the running product in the last bit; a resumed run sets them back to continue bit for bit.
   */
  get accBetas(): [number, number] {
    return [this.accBeta1, this.accBeta2]
  }

  set accBetas([b1, b2]: [number, number]) {
    this.accBeta1 = b1
    this.accBeta2 = b2
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon }
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config['learningRate'], config['beta1'], config['beta2'], config['epsilon'])
  }
}
tf.serialization.registerClass(FusedAdam)

/** The kernel (cpu, wasm, webgpu): all variables in one launch; returns [value', m', v'] per variable. */
function fusedStep(work: { value: tf.Tensor; m: tf.Tensor; v: tf.Tensor; g: tf.Tensor }[], s: AdamScalars): tf.Tensor[][] {
  if (work.length === 0) return []
  const inputs: tf.NamedTensorMap = {}
  work.forEach((w, i) => Object.assign(inputs, { [`value${i}`]: w.value, [`m${i}`]: w.m, [`v${i}`]: w.v, [`g${i}`]: w.g }))
  const out = tf.engine().runKernel(FUSED_ADAM, inputs, { ...s, count: work.length } as unknown as tf.NamedAttrMap) as tf.Tensor[]
  return work.map((_, i) => out.slice(3 * i, 3 * i + 3))
}

/** The same step as tfjs ops, for backends without the kernel (webgl): ~14 kernels a variable. */
function opsStep(w: { value: tf.Tensor; m: tf.Tensor; v: tf.Tensor; g: tf.Tensor }, s: AdamScalars): tf.Tensor[] {
  const m = tf.add(tf.mul(w.m, s.beta1), tf.mul(w.g, 1 - s.beta1))
  const v = tf.add(tf.mul(w.v, s.beta2), tf.mul(tf.square(w.g), 1 - s.beta2))
  const ratio = tf.div(tf.div(m, s.oneMinusAccBeta1), tf.add(tf.sqrt(tf.div(v, s.oneMinusAccBeta2)), s.epsilon))
  return [tf.add(tf.mul(ratio, -s.learningRate), w.value), m, v]
}

/** Same arguments as `tf.train.adam`; the caller disposes the optimizer (which frees its moments). */
export function fusedAdam(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): FusedAdam {
  return new FusedAdam(learningRate, beta1, beta2, epsilon)
}
