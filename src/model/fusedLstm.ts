import * as tf from '@tensorflow/tfjs'
import { fusedLstm } from '../kernels/lstm/fusedLstmOp'

/**
 * The options of `tf.layers.lstm` that the fused layer accepts. Initializers, regularizers and
 * constraints work as in tfjs; everything the fused kernels do not implement is refused at
 * construction with a message naming the option.
 */
export type FusedLSTMArgs = tf.LSTMLayerArgs & {
  /**
   * False for a layer fed by a model input: backward then skips the input's gradient (a GEMM as big as
   * the forward input projection), and a gradient with respect to the input is refused. A runtime
   * choice, not part of the Keras config; default true.
   */
  inputGradient?: boolean
}

/**
 * `tf.layers.lstm` with the per-timestep graph replaced by the FusedLstm / FusedLstmGrad kernels.
 *
 * Interchangeable with a stock LSTM configured `recurrentActivation: 'sigmoid'`: it subclasses
 * `tf.RNN` around a stock `LSTMCell`, so weights are created by the same code — same names
 * (`<layer>/kernel`, `<layer>/recurrent_kernel`, `<layer>/bias`), shapes, order and initializers —
 * and `getWeights()`/`setWeights()` arrays move between the two unchanged. Only `call` differs.
 *
 * Defaults follow Keras, not tfjs: recurrentActivation 'sigmoid' (tfjs: hardSigmoid),
 * kernelInitializer 'glorotUniform' (tfjs: glorotNormal), unitForgetBias true (tfjs: off).
 * Input [batch, time, features]; output [batch, time, units] or [batch, units].
 */
export class FusedLSTM extends tf.RNN {
  static override className = 'FusedLSTM'
  readonly inputGradient: boolean

  constructor({ inputGradient = true, ...args }: FusedLSTMArgs) {
    const full: tf.LSTMLayerArgs = {
      ...args,
      activation: args.activation ?? 'tanh',
      recurrentActivation: args.recurrentActivation ?? 'sigmoid',
      kernelInitializer: args.kernelInitializer ?? 'glorotUniform',
      unitForgetBias: args.unitForgetBias ?? true,
    }
    refuseUnsupported(full)
    super({ ...full, cell: tf.layers.lstmCell(full) })
    this.inputGradient = inputGradient
  }

  /**
   * Builds the cell's weights inside a tidy: tfjs 4.22's unitForgetBias initializer leaves 4
   * intermediate tensors behind per build. Variables outlive a tidy, so the weights are unaffected.
   */
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    tf.tidy(() => super.build(inputShape))
  }

  /** Output tensor owned by the caller (the model's graph when used as a layer). */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    if (kwargs['mask'] != null) throw new Error(`fusedLstm: ${this.name} does not support masking; drop the Masking layer`)
    if (kwargs['initialState'] != null) throw new Error(`fusedLstm: ${this.name} starts from a zero state; initialState is not supported`)
    const x = Array.isArray(inputs) ? inputs[0] : inputs
    if (x === undefined) throw new Error(`fusedLstm: ${this.name} was called with no input`)
    const [kernel, recurrentKernel, bias] = this.cell.weights.map((w) => w.read())
    if (kernel === undefined || recurrentKernel === undefined || bias === undefined) {
      throw new Error(`fusedLstm: ${this.name} has ${this.cell.weights.length} weights, expected kernel, recurrent_kernel, bias`)
    }
    return fusedLstm(x, kernel, recurrentKernel, bias, this.returnSequences, this.inputGradient)
  }

  /** Same construction as stock LSTM: the flat config is the constructor's argument. */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config)
  }
}

tf.serialization.registerClass(FusedLSTM)

function refuseUnsupported(a: FusedLSTMArgs): void {
  const named = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))
  if (a.activation !== 'tanh') throw new Error(`fusedLstm: activation must be 'tanh', got ${named(a.activation)}`)
  if (a.recurrentActivation !== 'sigmoid') {
    throw new Error(`fusedLstm: recurrentActivation must be 'sigmoid', got ${named(a.recurrentActivation)}`)
  }
  if (a.useBias === false) throw new Error('fusedLstm: useBias: false is not supported')
  for (const k of ['dropout', 'recurrentDropout'] as const) {
    if ((a[k] ?? 0) !== 0) throw new Error(`fusedLstm: ${k} must be 0, got ${a[k]}; put a Dropout layer after instead`)
  }
  for (const k of ['returnState', 'goBackwards', 'stateful', 'unroll'] as const) {
    if (a[k] === true) throw new Error(`fusedLstm: ${k}: true is not supported`)
  }
}
