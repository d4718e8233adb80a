import type { Candles } from '../data/types'
import { assertNever } from '../util/assert'
import { atr, bollingerWidth, logReturn, macd, momentum, natr, ppo, rangeRatio, roc, rsi, volatility, volatilityRatio, volumeRatio } from './indicators'
import { absReturn, dayOfWeek, hourOfDay, logHighLow, realizedVol } from './volatilityInputs'
import type { FeaturesConfig, IndicatorSpec } from './types'

/** The seed's 13 features ("Seed v1 features"): five of them in price units (ATR, MACD ×3, momentum). */
export const SEED_INDICATORS: IndicatorSpec[] = [
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

/**
 * The studio's default: only scale-free inputs (price-unit indicators replaced by their TA-Lib ratios, NATR and
 * PPO), plus the inputs that carry a 1h return's predictable part — its size: bar range, recent |returns|, the
 * hour's realised volatility from its 15m bars, hour of day and day of week.
 */
export const DEFAULT_INDICATORS: IndicatorSpec[] = [
  { kind: 'log_return' },
  { kind: 'abs_return' },
  { kind: 'log_hl' },
  { kind: 'realized_vol', period: 4 },
  { kind: 'volatility', period: 14 },
  { kind: 'volatility_ratio', period: 14, mean: 60 },
  { kind: 'natr', period: 14 },
  { kind: 'bb_width', period: 20, k: 2 },
  { kind: 'range', period: 14 },
  { kind: 'rsi', period: 14 },
  { kind: 'ppo', fast: 12, slow: 26 },
  { kind: 'roc', period: 10 },
  { kind: 'volume_ratio', period: 20 },
  { kind: 'hour_of_day' },
  { kind: 'day_of_week' },
]

/** RiskMetrics' decay for hourly data sits near 0.94; the model corrects what it misses. */
export const DEFAULT_TARGET_SCALE = { kind: 'ewma', lambda: 0.94 } as const

export const DEFAULT_FEATURES: FeaturesConfig = {
  indicators: DEFAULT_INDICATORS,
  window: 60,
  horizon: 1,
  split: { train: 0.7, val: 0.15 },
  clip: 5,
  target: DEFAULT_TARGET_SCALE,
}

/** The seed document's features exactly: its 13 indicators on raw log-return targets. */
export const SEED_FEATURES: FeaturesConfig = { ...DEFAULT_FEATURES, indicators: SEED_INDICATORS, target: { kind: 'none' } }

/** The named feature sets the Features cell offers. */
export const FEATURE_SETS = { studio: DEFAULT_FEATURES, seed: SEED_FEATURES } as const

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
    case 'volatility': case 'atr': case 'range': case 'rsi': case 'momentum': case 'roc': case 'volume_ratio': case 'natr': case 'realized_vol':
      return [`${s.kind}_${s.period}`]
    case 'ppo': return [s.fast === 12 && s.slow === 26 ? 'ppo' : `ppo_${s.fast}_${s.slow}`]
    case 'log_hl': return ['log_hl']
    case 'abs_return': return ['abs_log_return']
    case 'hour_of_day': return ['hour_sin', 'hour_cos']
    case 'day_of_week': return ['dow_sin', 'dow_cos']
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
      case 'natr': return [natr(c.high, c.low, c.close, s.period)]
      case 'ppo': return [ppo(c.close, s.fast, s.slow)]
      case 'log_hl': return [logHighLow(c.high, c.low)]
      case 'abs_return': return [absReturn(c.close, lr())]
      case 'realized_vol': return [realizedVol(c.close, s.period, lr())]
      case 'hour_of_day': return hourOfDay(c.openTime)
      case 'day_of_week': return dayOfWeek(c.openTime)
      default: return assertNever(s)
    }
  })
}
