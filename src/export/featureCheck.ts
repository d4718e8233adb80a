import type { CoinFeatures, FeaturesConfig } from '../features/types'
import type { RunRecord } from './runRecord'

/** Relative tolerance on scaling statistics: the same candles give the same numbers to the last bit; other candles do not. */
const TOL = 1e-9

/**
 * Why the features built now are not the ones a saved model was trained on — names (periods are in the names),
 * window, horizon, target scaling, clipping, or a coin's z-score statistics — or undefined when they are the same.
 * Evaluating a model on other features gives numbers that look right and are not, so loading refuses instead.
 */
export function featureDifference(record: Pick<RunRecord, 'featureNames' | 'coins' | 'config' | 'data'>, names: readonly string[], config: FeaturesConfig, coins: readonly CoinFeatures[]): string | undefined {
  const was = record.config.features
  const onlyModel = record.featureNames.filter((n) => !names.includes(n))
  const onlyHere = names.filter((n) => !record.featureNames.includes(n))
  if (onlyModel.length || onlyHere.length) {
    return `load: the model was trained on other features — ${[onlyModel.length ? `it has ${onlyModel.join(', ')}` : '', onlyHere.length ? `the Features cell builds ${onlyHere.join(', ')}` : ''].filter(Boolean).join('; ')}; set the features of its run.json`
  }
  if (record.featureNames.join() !== names.join()) return `load: the model's features come in another order (${record.featureNames.join(', ')}); the Features cell builds ${names.join(', ')}`
  if (was.window !== config.window) return `load: the model was trained on windows of ${was.window} bars; the Features cell builds ${config.window}`
  if (was.horizon !== config.horizon) return `load: the model forecasts ${was.horizon} h ahead; the Features cell's target is ${config.horizon} h ahead`
  if (JSON.stringify(was.target) !== JSON.stringify(config.target)) return `load: the model's target scaling is ${JSON.stringify(was.target)}; the Features cell's is ${JSON.stringify(config.target)}`
  if (was.clip !== config.clip) return `load: the model's inputs were clipped at ±${was.clip} std; the Features cell clips at ±${config.clip}`
  for (const rc of record.coins) {
    const c = coins.find((x) => x.symbol === rc.symbol)
    if (!c) return `load: the model was trained on ${rc.symbol}, which has no features here; load its candles (the run's data: ${record.data.origin}, fingerprint ${record.data.fingerprint})`
    for (const stream of ['h1', 'm15'] as const) {
      for (const stat of ['mean', 'std'] as const) {
        const a = rc.stats[stream][stat], b = c.stats[stream][stat]
        const i = a.findIndex((v, k) => !(Math.abs(v - b[k]!) <= TOL * Math.max(1, Math.abs(v))))
        if (i >= 0) {
          return `load: ${rc.symbol}'s ${stream === 'h1' ? '1h' : '15m'} ${names[i] ?? `feature ${i}`} is scaled with ${stat} ${b[i]} here but ${a[i]} when the model was trained — the candles differ from its run's (fingerprint ${record.data.fingerprint}); load those candles`
        }
      }
    }
  }
  return undefined
}
