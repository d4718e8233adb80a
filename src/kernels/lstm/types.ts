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

/**
 * The forward pass's "reserve": what backward-through-time needs, written once by `lstmForward`
 * and only read afterwards. Time-major (row t·B + b) so that each step's B rows are contiguous for
 * the recurrent GEMM and the weight gradients are single GEMMs over all T·B rows.
 * Planes, one after another:
 *   gates [T × B × 4H]  activated i, f, g (= tanh candidate), o
 *   c     [T × B × H]   cell state
 *   h     [T × B × H]   hidden state (the layer's output, time-major)
 *   tc    [T × B × H]   tanh(c), kept so backward needs no transcendental for it
 */
export interface ReservePlanes {
  /** Offset of the gates plane (floats): always 0. */
  gates: number
  /** Offset of the cell-state plane (floats). */
  c: number
  /** Offset of the hidden-state plane (floats). */
  h: number
  /** Offset of the tanh(c) plane (floats). */
  tc: number
  /** Total Float32 elements. */
  length: number
}

/**
 * A "lane": a block of consecutive batch rows that runs the whole sequence on its own, forward and
 * backward (rows of an LSTM never meet; only the weight gradients sum over them). The CPU paths
 * split a batch into two lanes so that two threads can run them; the split depends on the batch
 * size alone, and the lanes' weight gradients are summed in lane order, so the numbers are the
 * same whether one thread runs both lanes or two run one each.
 * The CPU reserve is the lanes' reserves one after another, each laid out as `reservePlanes` of
 * its own shape (WebGPU keeps one reserve for the whole batch).
 */
export interface Lane {
  /** First batch row. */
  row: number
  /** The lane's shape: `batch` is its row count. */
  shape: LstmShape
  /** Where its reserve starts in the whole reserve (floats). */
  reserve: number
}
