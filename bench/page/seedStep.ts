import * as tf from '@tensorflow/tfjs'
import { fusedAdam } from '../../src/kernels/adam/fusedAdam'
import { buildModel } from '../../src/model/build'
import { SEED_MODEL } from '../../src/model/presets'
import type { ModelConfig, ModelInputs } from '../../src/model/types'
import { lossFor } from '../../src/train/fit'

/**
 * The step benchmark's training step: the seed network (seed 1) with the Train cell's optimizer and loss on one fixed
 * batch of seeded random inputs, the loss read back as the Train cell reads it. No browser-only imports, so Node scripts
 * (scripts/loop-vs-step.ts) time the very step `npm run bench -- train` and `fit` time in the page. `label` names the
 * run in the error a non-finite loss throws. `dispose` frees the model, the optimizer and the batch.
 */
export function seedStep(lstm: ModelConfig['lstm'], batch: number, io: ModelInputs, label: string) {
  // tfjs's stock LSTMCell leaks 4 tensors per layer building its unit-forget-bias initializer; a scope
  // frees them (variables outlive scopes), so rows do not pile up garbage.
  tf.engine().startScope()
  let model: tf.LayersModel
  try {
    model = buildModel({ ...SEED_MODEL, lstm }, io, 1)
  } finally {
    tf.engine().endScope()
  }
  // The optimizer the Train cell runs (fit.ts).
  const optimizer = fusedAdam(1e-3, 0.9, 0.999, 1e-7)
  const loss = lossFor(SEED_MODEL.head)
  const h1 = tf.randomNormal([batch, io.window, io.h1Features], 0, 1, 'float32', 11)
  const m15 = tf.randomNormal([batch, io.window, io.m15Features], 0, 1, 'float32', 12)
  // Next-bar log returns are around 1 %: targets of that scale keep the loss realistic.
  const y = tf.randomNormal([batch, 1], 0, 0.01, 'float32', 13)
  return {
    async step(): Promise<number> {
      const cost = optimizer.minimize(() => loss(y, model.apply([h1, m15], { training: true }) as tf.Tensor), true)!
      const value = (await cost.data())[0]!
      cost.dispose()
      if (!Number.isFinite(value)) throw new Error(`bench: ${label} batch ${batch} gave a non-finite loss (${value})`)
      return value
    },
    /** Forward alone, no dropout, as validation runs it (fit.ts evaluateLoss). */
    async infer(): Promise<void> {
      const l = tf.tidy(() => loss(y, model.apply([h1, m15], { training: false }) as tf.Tensor))
      await l.data()
      l.dispose()
    },
    dispose(): void {
      tf.dispose([h1, m15, y])
      optimizer.dispose()
      model.dispose()
    },
  }
}
