import * as tf from '@tensorflow/tfjs'
import { registerFusedLstmKernels } from './lstmBackends'
import { FUSED_LSTM, FUSED_LSTM_GRAD } from './lstmInputs'

/**
 * A whole LSTM layer as one differentiable op: Keras math (sigmoid gates, tanh, zero initial
 * state, gate order i f c o) over x [B, T, D] with kernel [D, 4H], recurrentKernel [H, 4H],
 * bias [4H]. Returns [B, T, H] when `returnSequences`, else the last step's [B, H].
 *
 * Costs two kernels forward (FusedLstm, plus the customGrad wrapper the profiler also lists, plus
 * 4 Identity clones when a tape saves tensors for backward) and one backward (FusedLstmGrad),
 * against thousands for `tf.layers.lstm`. Under a gradient tape the forward keeps a "reserve"
 * (T·B·7H floats: 3.4 MB for B 32, T 60, H 64) until backprop runs: on cpu and wasm's SIMD path in the
 * kernels' wasm arena, the tensor holding only its handle (lstmKernels.ts); elsewhere as the tensor itself.
 *
 * With `inputGradient` false, x is not an input of the differentiable op but a constant it closes
 * over: backward skips the dx GEMM (rows·D·4H multiply-adds), and asking for a gradient with respect
 * to x fails loudly in tfjs ("Cannot compute gradient") instead of giving zeros. For layers fed by a
 * model input, whose gradient training never uses.
 *
 * Disposal: the caller owns the returned tensor, as with any op. The reserve and the saved inputs
 * are clones the engine disposes after backprop; outside a tape nothing is saved, and on cpu and wasm no
 * reserve is even written.
 */
export function fusedLstm(
  x: tf.Tensor, kernel: tf.Tensor, recurrentKernel: tf.Tensor, bias: tf.Tensor, returnSequences: boolean,
  inputGradient = true,
): tf.Tensor {
  registerFusedLstmKernels()
  if (x.rank !== 3) throw new Error(`fusedLstm: x must be [batch, time, features], got [${x.shape}]`)
  const attrs = { returnSequences, inputGradient }
  if (!tf.engine().isTapeOn()) {
    // Nothing records this call for a gradient (validation, prediction): no reserve to keep. The cpu and wasm
    // kernels then write none; a backend whose kernel returns one anyway (webgpu) has it dropped here.
    const [y, ...rest] = tf.engine().runKernel(FUSED_LSTM, { x, kernel, recurrentKernel, bias }, { ...attrs, keep: false }) as tf.Tensor[]
    tf.dispose(rest)
    return y!
  }
  const forward = (xs: tf.Tensor, k: tf.Tensor, u: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, reserve] = tf.engine().runKernel(FUSED_LSTM, { x: xs, kernel: k, recurrentKernel: u, bias: b }, attrs) as tf.Tensor[]
    save([xs, k, u, reserve!])
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sk, su, sr] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]
        return tf.engine().runKernel(FUSED_LSTM_GRAD, { dy, x: sx, kernel: sk, recurrentKernel: su, reserve: sr }, attrs) as tf.Tensor[]
      },
    }
  }
  if (!inputGradient) {
    const op = tf.customGrad((...args) => forward(x, ...(args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc])))
    return op(kernel, recurrentKernel, bias)
  }
  const op = tf.customGrad((...args) => forward(...(args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc])))
  return op(x, kernel, recurrentKernel, bias)
}
