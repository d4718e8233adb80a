/**
 * Keras's EarlyStopping and ReduceLROnPlateau, which tfjs lacks, as small state machines fed one epoch's
 * validation loss at a time. They hold numbers only; the fit loop acts on what they say.
 */

/** Keras EarlyStopping(monitor='val_loss', patience, min_delta, restore_best_weights=True). */
export class EarlyStopping {
  best = Infinity
  bestEpoch = -1
  private wait = 0

  constructor(readonly patience: number, readonly minDelta = 0) {}

  /** Feeds epoch `epoch`'s loss; says whether it is the new best (snapshot the weights) and whether to stop. */
  update(epoch: number, loss: number): { improved: boolean; stop: boolean } {
    if (loss < this.best - this.minDelta) {
      this.best = loss
      this.bestEpoch = epoch
      this.wait = 0
      return { improved: true, stop: false }
    }
    this.wait++
    return { improved: false, stop: this.wait >= this.patience }
  }
}

/** Keras ReduceLROnPlateau(monitor='val_loss', factor, patience, min_lr, min_delta=1e-4, cooldown=0). */
export class ReduceLROnPlateau {
  private best = Infinity
  private wait = 0

  constructor(readonly factor: number, readonly patience: number, readonly minLr: number, readonly minDelta = 1e-4) {
    if (!(factor > 0 && factor < 1)) throw new Error(`train: ReduceLROnPlateau factor ${factor} must be in (0, 1)`)
  }

  /** Feeds an epoch's loss and the current rate; returns the rate for the next epoch. */
  update(loss: number, lr: number): number {
    if (loss < this.best - this.minDelta) {
      this.best = loss
      this.wait = 0
      return lr
    }
    if (++this.wait < this.patience || lr <= this.minLr) return lr
    this.wait = 0
    return Math.max(this.minLr, lr * this.factor)
  }
}
