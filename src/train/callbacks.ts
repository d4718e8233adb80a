/**
 * Keras's EarlyStopping and ReduceLROnPlateau, which tfjs lacks, as small state machines fed one epoch's
 * validation loss at a time. They hold numbers only; the fit loop acts on what they say.
 */

/**
 * Whether `loss` improves on `best` by more than the relative threshold: PyTorch's `threshold_mode='rel'`
 * (loss < best · (1 − threshold)). An absolute delta means nothing across losses that differ by orders of
 * magnitude (pinball ~1e-3 on raw returns, ~0.3 on scaled ones, MSE ~3e-5).
 */
export function improves(loss: number, best: number, threshold: number): boolean {
  return best === Infinity ? loss < best : loss < best - Math.abs(best) * threshold
}

/** EarlyStopping's counters. `best` is Infinity before the first epoch (a checkpoint stores it as such). */
export interface EarlyState {
  best: number
  bestEpoch: number
  /** Epochs since the best. */
  wait: number
}

export interface PlateauState {
  best: number
  wait: number
}

/** Keras EarlyStopping(monitor='val_loss', patience, restore_best_weights=True), relative threshold. */
export class EarlyStopping {
  best = Infinity
  bestEpoch = -1
  private wait = 0

  constructor(readonly patience: number, readonly threshold = 1e-4) {}

  /** What a checkpoint keeps, so a resumed run counts flat epochs from where it stopped. */
  get state(): EarlyState {
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait }
  }

  set state(s: EarlyState) {
    ;({ best: this.best, bestEpoch: this.bestEpoch, wait: this.wait } = s)
  }

  /** Feeds epoch `epoch`'s loss; says whether it is the new best (snapshot the weights) and whether to stop. */
  update(epoch: number, loss: number): { improved: boolean; stop: boolean } {
    if (improves(loss, this.best, this.threshold)) {
      this.best = loss
      this.bestEpoch = epoch
      this.wait = 0
      return { improved: true, stop: false }
    }
    this.wait++
    return { improved: false, stop: this.wait >= this.patience }
  }
}

/** ReduceLROnPlateau(monitor='val_loss', factor, patience, min_lr, cooldown=0), PyTorch's relative threshold 1e-4. */
export class ReduceLROnPlateau {
  private best = Infinity
  private wait = 0

  constructor(readonly factor: number, readonly patience: number, readonly minLr: number, readonly threshold = 1e-4) {
    if (!(factor > 0 && factor < 1)) throw new Error(`train: ReduceLROnPlateau factor ${factor} must be in (0, 1)`)
  }

  get state(): PlateauState {
    return { best: this.best, wait: this.wait }
  }

  set state(s: PlateauState) {
    ;({ best: this.best, wait: this.wait } = s)
  }

  /** Feeds an epoch's loss and the current rate; returns the rate for the next epoch. */
  update(loss: number, lr: number): number {
    if (improves(loss, this.best, this.threshold)) {
      this.best = loss
      this.wait = 0
      return lr
    }
    if (++this.wait < this.patience || lr <= this.minLr) return lr
    this.wait = 0
    return Math.max(this.minLr, lr * this.factor)
  }
}
