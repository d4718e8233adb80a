import type { Candles } from '../data/types'
import { assertNever } from '../util/assert'
import { atr, bollingerWidth, logReturn, macd, momentum, rangeRatio, roc, rsi, volatility, volatilityRatio, volumeRatio } from './indicators'
import type { FeaturesConfig, IndicatorSpec } from './types'

/** The seed's 13 features. */
export const DEFAULT_INDICATORS: IndicatorSpec[] = [
  { kind: 'log_return' },
  { kind: 'volatility', period: 14 },
  { kind: 'volatility_ratio', period: 14, mean: 60 },
  { kind: 'atr', period: 14 },
  { kind: 'bb_width', period: 20, k: 2 },
  { kind: 'range', period: 14 },
  { kind: 'rsi', period: 14 },
  { kind: 'macd', fast: 12, slow: 26, signal: 9 },
  { kind: 'momentum', period: 10 },
  { kind: 'roc', period: 10 },
  { kind: 'volume_ratio', period: 20 },
]

export const DEFAULT_FEATURES: FeaturesConfig = {
  indicators: DEFAULT_INDICATORS,
  window: 60,
  horizon: 1,
  split: { train: 0.7, val: 0.15 },
  clip: 5,
}

/**
 * Column names of one indicator. Most carry their period (`rsi_14`); the two whose seed names carry none keep
 * them bare at the seed's periods and spell them out otherwise (`volatility_ratio_7_30`, `macd_5_35_5`).
 */
export function featureNames(s: IndicatorSpec): string[] {
  switch (s.kind) {
    case 'log_return': return ['log_return']
    case 'volatility_ratio': return [s.period === 14 && s.mean === 60 ? 'volatility_ratio' : `volatility_ratio_${s.period}_${s.mean}`]
    case 'macd': {
      const p = s.fast === 12 && s.slow === 26 && s.signal === 9 ? '' : `_${s.fast}_${s.slow}_${s.signal}`
      return [`macd${p}`, `macd_signal${p}`, `macd_hist${p}`]
    }
    case 'bb_width': return [s.k === 2 ? `bb_width_${s.period}` : `bb_width_${s.period}_${s.k}`]
    case 'volatility': case 'atr': case 'range': case 'rsi': case 'momentum': case 'roc': case 'volume_ratio':
      return [`${s.kind}_${s.period}`]
    default: return assertNever(s)
  }
}

export function allFeatureNames(specs: readonly IndicatorSpec[]): string[] {
  const names = specs.flatMap(featureNames)
  const dup = names.find((n, i) => names.indexOf(n) !== i)
  if (dup) throw new Error(`features: '${dup}' is listed twice; remove one or change its period`)
  return names
}

/** Raw feature columns of one series (Float64Array [bars] each), in `allFeatureNames` order. */
export function computeColumns(c: Candles, specs: readonly IndicatorSpec[]): Float64Array[] {
  // log returns and volatilities feed several features; each is computed once
  let returns: Float64Array | undefined
  const vols = new Map<number, Float64Array>()
  const lr = () => (returns ??= logReturn(c.close))
  const vol = (n: number) => vols.get(n) ?? vols.set(n, volatility(c.close, n, lr())).get(n)!
  return specs.flatMap((s): Float64Array[] => {
    switch (s.kind) {
      case 'log_return': return [lr()]
      case 'volatility': return [vol(s.period)]
      case 'volatility_ratio': return [volatilityRatio(c.close, s.period, s.mean, vol(s.period))]
      case 'atr': return [atr(c.high, c.low, c.close, s.period)]
      case 'bb_width': return [bollingerWidth(c.close, s.period, s.k)]
      case 'range': return [rangeRatio(c.high, c.low, c.close, s.period)]
      case 'rsi': return [rsi(c.close, s.period)]
      case 'macd': {
        const m = macd(c.close, s.fast, s.slow, s.signal)
        return [m.macd, m.signal, m.hist]
      }
      case 'momentum': return [momentum(c.close, s.period)]
      case 'roc': return [roc(c.close, s.period)]
      case 'volume_ratio': return [volumeRatio(c.volume, s.period)]
      default: return assertNever(s)
    }
  })
}
