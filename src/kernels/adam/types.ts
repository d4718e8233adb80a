/** One Adam step's scalars, all as float32 values (see adamUpdate). */
export interface AdamScalars {
  /** Step size (the value moves by about this much per step). */
  learningRate: number
  /** Decay of the first moment (mean of the gradients), e.g. 0.9. */
  beta1: number
  /** Decay of the second moment (mean of the squared gradients), e.g. 0.999. */
  beta2: number
  /** Added to the root of the second moment, outside the root, as tfjs does. */
  epsilon: number
  /** 1 − β1^t for step t (1-based): the first moment's bias correction. */
  oneMinusAccBeta1: number
  /** 1 − β2^t: the second moment's bias correction. */
  oneMinusAccBeta2: number
}
