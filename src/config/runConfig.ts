import { z } from 'zod'
import { INTERVALS, SEED_PAIRS } from '../data/types'
import { DEFAULT_FEATURES } from '../features/spec'
import type { FeaturesConfig, IndicatorSpec } from '../features/types'
import { SEED_MODEL } from '../model/presets'
import type { ModelConfig } from '../model/types'
import { DEFAULT_LANES, MAX_LANES, QUICK_TRAIN, type TrainConfig } from '../train/config'

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2024-05-01').refine((s) => !Number.isNaN(Date.parse(s)), 'a real date')

export const historySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bars'), bars: z.number().int().min(60).max(100_000) }),
  z.object({ kind: z.literal('range'), start: isoDay, end: isoDay }),
])

export const dataConfigSchema = z.object({
  /** Where candles come from. */
  source: z.enum(['bundled', 'binance', 'file']),
  /** Pairs to load from the bundle or fetch from Binance. */
  pairs: z.array(z.string().regex(/^[A-Z0-9]{2,20}$/, 'a pair like BTCUSDT')).min(1).max(50),
  intervals: z.array(z.enum(INTERVALS as [string, ...string[]])).min(1),
  binance: z.object({
    baseUrl: z.string().url().refine((u) => /^https?:\/\//.test(u), 'an http(s) URL'),
    history: historySchema,
    /** Least milliseconds between two requests; Binance asks for spacing, the seed used 100 ms. */
    spacingMs: z.number().int().min(100).max(60_000),
  }),
  /** The last file loaded, by name: a file cannot travel in a config, its name says which one to pick. */
  fileName: z.string().max(255).optional(),
})

const period = z.number().int().min(1).max(1000)

export const indicatorSchema: z.ZodType<IndicatorSpec> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('log_return') }),
  z.object({ kind: z.literal('volatility'), period: period.min(2) }),
  z.object({ kind: z.literal('volatility_ratio'), period: period.min(2), mean: period }),
  z.object({ kind: z.literal('atr'), period }),
  z.object({ kind: z.literal('bb_width'), period: period.min(2), k: z.number().positive().max(10) }),
  z.object({ kind: z.literal('range'), period }),
  z.object({ kind: z.literal('rsi'), period }),
  z.object({ kind: z.literal('macd'), fast: period, slow: period, signal: period }).refine((m) => m.fast < m.slow, { message: 'fast must be shorter than slow', path: ['fast'] }),
  z.object({ kind: z.literal('momentum'), period }),
  z.object({ kind: z.literal('roc'), period }),
  z.object({ kind: z.literal('volume_ratio'), period }),
  z.object({ kind: z.literal('natr'), period }),
  z.object({ kind: z.literal('ppo'), fast: period, slow: period }).refine((m) => m.fast < m.slow, { message: 'fast must be shorter than slow', path: ['fast'] }),
  z.object({ kind: z.literal('log_hl') }),
  z.object({ kind: z.literal('abs_return') }),
  z.object({ kind: z.literal('realized_vol'), period: period.min(2) }),
  z.object({ kind: z.literal('hour_of_day') }),
  z.object({ kind: z.literal('day_of_week') }),
])

export const featuresConfigSchema: z.ZodType<FeaturesConfig> = z.object({
  indicators: z.array(indicatorSchema).min(1).max(64),
  window: z.number().int().min(2).max(500),
  horizon: z.number().int().min(1).max(168),
  split: z.object({ train: z.number().min(0.1).max(0.95), val: z.number().min(0).max(0.5) })
    .refine((s) => s.train + s.val < 1, { message: 'train + val must leave a test split', path: ['val'] }),
  clip: z.number().min(0.5).max(1000),
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('ewma'), lambda: z.number().gt(0).lt(1) }),
  ]),
})

const layerSizes = (min: number) => z.array(z.number().int().min(1).max(1024)).min(min).max(6)

export const modelConfigSchema: z.ZodType<ModelConfig> = z.object({
  h1Lstm: layerSizes(1),
  m15Conv: layerSizes(0),
  convKernel: z.number().int().min(1).max(15),
  m15Lstm: layerSizes(1),
  dense: layerSizes(0),
  dropout: z.number().min(0).max(0.9),
  head: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('quantiles'),
      quantiles: z.tuple([z.number(), z.number(), z.number()]).refine((q) => 0 < q[0] && q[0] < q[1] && q[1] < q[2] && q[2] < 1, 'three increasing quantiles in (0, 1)'),
      median: z.literal('zero').optional(),
    }),
    z.object({ kind: z.literal('value'), threshold: z.number().min(0).max(1), weight: z.number().min(1).max(100) }),
  ]),
  lstm: z.enum(['fused', 'stock']),
})

export const trainConfigSchema: z.ZodType<TrainConfig> = z.object({
  epochs: z.number().int().min(1).max(1000),
  batchSize: z.number().int().min(1).max(4096),
  learningRate: z.number().positive().max(1),
  epsilon: z.number().positive().max(1),
  patience: z.number().int().min(1).max(1000),
  plateau: z.object({ factor: z.number().gt(0).lt(1), patience: z.number().int().min(1).max(1000), minLr: z.number().min(0).max(1) }),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  coins: z.array(z.string().regex(/^[A-Z0-9]{2,20}$/, 'a pair like BTCUSDT')).max(50),
  maxBatchesPerEpoch: z.number().int().min(0).max(1_000_000),
  // A config or share link from before lanes were a setting gets the default; such runs split batches into 2
  // lanes, so replaying one now differs from its record in the last bits of float32 rounding.
  lanes: z.number().int().min(1).max(MAX_LANES).default(DEFAULT_LANES),
})

export const backtestConfigSchema = z.object({
  rule: z.enum(['gated', 'volTarget']),
  /** Gated direction: band width W above which it stays out, a fraction of price. */
  maxWidth: z.number().positive().max(1),
  /** Gated direction: θ, the log return the median must pass. */
  threshold: z.number().min(0).max(0.5),
  shorts: z.boolean(),
  /** Volatility target: annual σ*, a fraction. */
  volTarget: z.number().positive().max(10),
  /** Volatility target: leverage cap L. */
  leverage: z.number().positive().max(10),
  /** Volatility target: rebalance band on |p − p_prev|. */
  band: z.number().min(0).max(10),
  /** Fraction of the value traded (0.001 = 0.1 %). */
  fee: z.number().min(0).max(0.1),
  slippage: z.number().min(0).max(0.1),
  /** Coins to trade; empty: every coin evaluated. */
  coins: z.array(z.string().regex(/^[A-Z0-9]{2,20}$/, 'a pair like BTCUSDT')).max(50),
  split: z.enum(['test', 'val', 'train']),
})

export type BacktestConfig = z.infer<typeof backtestConfigSchema>

/** The Backtest cell's defaults: the seed's gate, Binance's spot taker fee; configs made before it get these. */
export const DEFAULT_BACKTEST: BacktestConfig = {
  rule: 'gated', maxWidth: 0.015, threshold: 0.001, shorts: false, volTarget: 0.5, leverage: 1, band: 0.1, fee: 0.001, slippage: 0, coins: [], split: 'test',
}

export const backendSchema = z.enum(['auto', 'webgpu', 'webgl', 'wasm', 'cpu'])

export const runConfigSchema = z.object({
  version: z.literal(1),
  data: dataConfigSchema,
  features: featuresConfigSchema,
  model: modelConfigSchema,
  train: trainConfigSchema,
  /** Which tfjs backend trains: the first that works, or the one forced. */
  backend: backendSchema,
  backtest: backtestConfigSchema.default(() => structuredClone(DEFAULT_BACKTEST)),
})

export type RunConfig = z.infer<typeof runConfigSchema>
export type DataConfig = z.infer<typeof dataConfigSchema>

export const DEFAULT_CONFIG: RunConfig = {
  version: 1,
  data: {
    source: 'bundled',
    pairs: [...SEED_PAIRS],
    intervals: [...INTERVALS],
    binance: { baseUrl: 'https://api.binance.us', history: { kind: 'bars', bars: 2000 }, spacingMs: 100 },
  },
  features: DEFAULT_FEATURES,
  model: SEED_MODEL,
  train: QUICK_TRAIN,
  backend: 'auto',
  backtest: DEFAULT_BACKTEST,
}

/** Validates untrusted input into a config, or says which fields are wrong. */
export function parseRunConfig(input: unknown): { ok: true; config: RunConfig } | { ok: false; errors: string[] } {
  const r = runConfigSchema.safeParse(input)
  if (r.success) return { ok: true, config: r.data }
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) }
}
