import type { CellId } from '../store/cells'
import type { StudioState } from '../store/store'
import { num, pct, signedPct } from './format'

const n = (v: number) => v.toLocaleString('en')

/** One line saying what a cell's output holds: shown when the cell is folded, and in the outline. */
export function cellSummary(id: CellId, s: StudioState): string | undefined {
  switch (id) {
    case 'data': {
      const d = s.data.dataset
      return d && `${n(d.series.length)} series, ${n(d.series.reduce((k, x) => k + x.candles.openTime.length, 0))} bars (${d.source})`
    }
    case 'features': {
      const { coins, names } = s.features
      if (!coins || !names) return undefined
      const total = (split: 'train' | 'val' | 'test') => n(coins.reduce((k, c) => k + c.samples[split].end1h.length, 0))
      return `${coins.length} coins × ${names.length} features; samples ${total('train')} train, ${total('val')} validation, ${total('test')} test`
    }
    case 'model':
      return s.model.summary && `${n(s.model.summary.total)} parameters`
    case 'train': {
      const t = s.train
      if (t.loaded) return `model loaded: ${t.loaded.name}`
      if (t.result) return `${t.result.history.length} epochs on ${t.backend?.name ?? '?'}; best validation loss ${num(t.result.bestValLoss)} at epoch ${t.result.bestEpoch + 1}`
      return t.history.length ? `epoch ${t.history.length} of ${s.config.train.epochs}` : undefined
    }
    case 'evaluate': {
      const e = s.evaluate.evaluation
      return e && `${n(e.samples)} ${e.split} forecasts; pinball skill vs EWMA ${signedPct(e.skill.ewma?.mean)}, vs random walk ${signedPct(e.skill.randomWalk?.mean)}; coverage ${pct(e.model.coverage)}`
    }
    case 'backtest': {
      const b = s.backtest.result
      return b && `${b.rule} on ${b.split}: total return ${pct(b.portfolio.totalReturn, 2)}, Sharpe ${num(b.portfolio.sharpe, 3)} (buy-and-hold ${pct(b.buyAndHold.portfolio.totalReturn, 2)})`
    }
    case 'export':
      return s.exports.saved && `${s.exports.saved.length} run${s.exports.saved.length === 1 ? '' : 's'} saved in this browser`
  }
}
