/** Sizes of one fused LSTM call; every buffer below is a flat row-major Float32Array. */
export interface LstmShape {
  /** Sequences in the batch (B). */
  batch: number
  /** Timesteps per sequence (T). */
  time: number
  /** Features per timestep (D). */
  inputDim: number
  /** Hidden units (H); the four gates make 4·H pre-activations per step. */
  units: number
}

/** The four weights of an LSTM in Keras layout, gate order i, f, c (candidate), o along the 4·H axis. */
export interface LstmWeights {
  /** Float32Array [D × 4H]: input → gates. */
  kernel: Float32Array
  /** Float32Array [H × 4H]: previous hidden state → gates. */
  recurrentKernel: Float32Array
  /** Float32Array [4H]. */
  bias: Float32Array
}

/** Gradients of a loss with respect to the input and the three weights; same shapes as what they differentiate. */
export interface LstmGrads {
  /** Float32Array [B × T × D]; absent when the input needs no gradient (a model input), and then not computed. */
  dx?: Float32Array
  /** Float32Array [D × 4H]. */
  dKernel: Float32Array
  /** Float32Array [H × 4H]. */
  dRecurrentKernel: Float32Array
  /** Float32Array [4H]. */
  dBias: Float32Array
}
