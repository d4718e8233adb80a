import type { PredictionRows } from './recompute'

/**
 * Each coin's final equity under the gated-direction rule worked out again from predictions.parquet alone, written
 * plainly and apart from src/eval: what a user checking the backtest in pandas would write. Horizon 1.
 */
export function finalEquities(p: PredictionRows, o: { maxWidth: number; threshold: number; shorts: boolean; fee: number; slippage: number }): Record<string, number> {
  const rows: Record<string, number[]> = {}
  p.symbol.forEach((s, i) => (rows[s] ??= []).push(i))
  const out: Record<string, number> = {}
  const c = o.fee + o.slippage
  for (const [symbol, idx] of Object.entries(rows)) {
    idx.sort((a, b) => p.openTime[a]! - p.openTime[b]!)
    let equity = 1
    let held = 0
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j]!
      const width = Math.exp(p.q90[i]!) - Math.exp(p.q10[i]!)
      let want = 0
      if (width > o.maxWidth) want = 0
      else if (p.q50[i]! > o.threshold) want = 1
      else if (o.shorts && p.q50[i]! < -o.threshold) want = -1
      equity = equity - c * Math.abs(want - held) * equity
      equity = equity * (1 + want * (p.nextClose[i]! / p.close[i]! - 1))
      held = want
      const nextIsNextHour = j + 1 < idx.length && p.openTime[idx[j + 1]!]! - p.openTime[i]! === 3_600_000
      if (!nextIsNextHour) {
        equity = equity - c * Math.abs(held) * equity
        held = 0
      }
    }
    out[symbol] = equity
  }
  return out
}
