/** The network's shared types: the run configuration's model part, its inputs and its summary. */

/** The dual-stream network's sizes and head, as the run configuration holds them. */
export interface ModelConfig {
  /** 1h stream: units of each stacked LSTM (the last returns only its final state). Seed: [64, 32]. */
  h1Lstm: number[]
  /** 15m stream: filters of each Conv1D (kernel `convKernel`, relu, valid padding). Seed: [32, 16]. */
  m15Conv: number[]
  /** Width of every Conv1D's kernel, in 15m bars. Seed: 3. */
  convKernel: number
  /** 15m stream: units of each stacked LSTM after the convolutions. Seed: [32, 16]. */
  m15Lstm: number[]
  /** Units of each relu Dense after the concatenation, each followed by dropout. Seed: [32, 16]. */
  dense: number[]
  /** Dropout rate after each stream and after each Dense. */
  dropout: number
  /** What the network outputs and the loss it trains with. */
  head: HeadConfig
  /** LSTM implementation: 'fused' runs whole sequences in one kernel; 'stock' is tf.layers.lstm. Same weights. */
  lstm: 'fused' | 'stock'
}

/** The output head: three quantiles or one value. */
export type HeadConfig =
  /**
   * q10, q50, q90 of the next log return, trained with pinball loss; built so they never cross. `median: 'zero'`
   * pins q50 at 0 and learns only the band (on 1h returns no model has predicted the median beyond 0). Absent:
   * the median is learned, the default — on the validation split it scored ~0.3 % better (README).
   */
  | { kind: 'quantiles'; quantiles: [number, number, number]; median?: 'zero' }
  /** One value, trained with MSE weighted `weight`× where |target| > `threshold` (a log return). */
  | { kind: 'value'; threshold: number; weight: number }

/** The shapes of the network's two inputs, from the Features cell. */
export interface ModelInputs {
  /** Bars per window in each stream: the inputs are [batch × window × features]. */
  window: number
  /** Features per 1h bar. */
  h1Features: number
  /** Features per 15m bar. */
  m15Features: number
}

/** One row of a Keras-style summary. */
export interface LayerRow {
  /** The layer's name, e.g. "h1_lstm1". */
  name: string
  /** Its class as tfjs names it, e.g. "FusedLSTM", "Conv1D". */
  type: string
  /** Output shape with the batch as null, e.g. "[null, 60, 64]". */
  outputShape: string
  /** Trainable and non-trainable weights, in floats. */
  params: number
}
