import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeCandleFile } from './decode'
import { hourlyParquet } from './testing'
import { EARLIEST_MS } from './times'
import { INTERVAL_MS, MIN_BARS, type Series } from './types'
import { MAX_BAR_RANGE, MAX_PRICE } from './validate'

// Property tests over the file readers: for any input a file either loads into series a model may train on, or is
// refused with a message that says where. Runs are bounded so the suite stays well under a minute on 2 busy cores.
const NOW = Date.UTC(2026, 0, 1)
const T = Date.UTC(2024, 0, 1)
const H = 3_600_000
const SEED = 19

/** What every loaded series must satisfy, whatever file it came from. */
function expectSound(series: Series[]): void {
  for (const s of series) {
    const c = s.candles
    const step = INTERVAL_MS[s.interval]
    expect(c.openTime.length).toBeGreaterThanOrEqual(MIN_BARS)
    for (let i = 0; i < c.openTime.length; i++) {
      const t = c.openTime[i]!
      if (i > 0) expect(t).toBeGreaterThan(c.openTime[i - 1]!)
      expect(t % step).toBe(0)
      expect(t).toBeGreaterThanOrEqual(EARLIEST_MS)
      expect(t + step).toBeLessThanOrEqual(NOW) // closed bars only
      const [o, h, l, cl, v] = [c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!]
      for (const p of [o, h, l, cl]) expect(Number.isFinite(p) && p > 0 && p <= MAX_PRICE).toBe(true)
      expect(l <= o && o <= h && l <= cl && cl <= h && h <= MAX_BAR_RANGE * l).toBe(true)
      expect(Number.isFinite(v) && v >= 0).toBe(true)
    }
  }
  // A pair's streams share some time.
  for (const a of series) {
    for (const b of series) {
      if (a === b || a.symbol !== b.symbol) continue
      const ta = a.candles.openTime, tb = b.candles.openTime
      expect(ta[0]! < tb[tb.length - 1]! + INTERVAL_MS[b.interval] && tb[0]! < ta[ta.length - 1]! + INTERVAL_MS[a.interval]).toBe(true)
    }
  }
}

/** A refusal must be ours (layer prefix), say where, and never be a reader's internal failure. */
function expectRefusal(e: unknown, fileName: string): void {
  expect(e).toBeInstanceOf(Error)
  const m = (e as Error).message
  expect(m).toMatch(/^(file|data): /)
  expect(m).not.toContain('the reader failed')
  expect(m.length).toBeLessThan(600)
  expect(m.includes(fileName) || /\b(row|line|column|bar)s?\b/.test(m) || /^data: [A-Z0-9]+ (1h|15m)/.test(m)).toBe(true)
}

/** Loads and refusals seen, so a test can check its generator reaches both sides. */
const seen = { loaded: 0, refused: 0 }

async function loadsOrRefuses(bytes: ArrayBuffer, fileName: string): Promise<void> {
  let series: Series[] | undefined
  try {
    series = (await decodeCandleFile(bytes, fileName, {}, 'file', NOW)).series
  } catch (e) {
    expectRefusal(e, fileName)
    seen.refused++
    return
  }
  expectSound(series)
  seen.loaded++
}

const enc = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer

// Cells a hostile or careless file holds in place of a good one.
const oddCell = fc.oneof(
  fc.constantFrom('', '0', '-1', 'NaN', 'Infinity', '1e300', '0x10f4', '0b101', '1e-320', ' 5 ', '"1,5"', '"', 'abc', '１２', '1_000', '2024-01-01', '01/02/2024 05:00', '9000000000000000000000', '-0'),
  fc.double({ noNaN: false }).map(String),
  fc.integer().map(String),
  fc.string({ maxLength: 12 }),
)

const goodRow = (t: number, p: number) => [String(t), String(p), String(p * 1.01), String(p * 0.99), String(p * 1.005), '12.5']

/** Mostly `usual`, sometimes one of `odd`: enough good files get through for the invariants to be exercised. */
const mostly = <T,>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: odd, weight: 1 })

/** A near-valid single-series CSV with a few mutations: the shape of real damage. */
const mutatedCsv = fc.record({
  n: mostly(fc.integer({ min: 60, max: 90 }), fc.integer({ min: 0, max: 59 })),
  unit: fc.constantFrom(1e-3, 1, 1e3, 1e6),
  /** 0: the interval the name says; otherwise a spacing in ms. */
  stepMs: mostly(fc.constant(0), fc.constantFrom(H, 900_000, 60_000, 86_400_000)),
  start: mostly(fc.constantFrom(T, Date.UTC(2009, 0, 1), Date.UTC(2025, 11, 31)), fc.constantFrom(Date.UTC(2008, 11, 31), Date.UTC(2030, 0, 1))),
  price: fc.constantFrom(0.00001, 1, 42_000, 1e11),
  edits: mostly(fc.constant<[number, number, string][]>([]), fc.array(fc.tuple(fc.nat(100), fc.nat(6), oddCell), { minLength: 1, maxLength: 4 })),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  cut: mostly(fc.constant(undefined), fc.nat(40)),
  header: mostly(
    fc.constantFrom('open_time,open,high,low,close,volume', 'OPEN_TIME,Open,High,Low,Close,Volume', '\uFEFFopen_time,open,high,low,close,volume'),
    fc.constantFrom('open_time,open,high,low,close,volume,close', 'open_time,open,high,low,close', 'open_time;open;high;low;close;volume'),
  ),
  name: mostly(fc.constantFrom('BTCUSDT-1h.csv', 'BTCUSDT-15m.csv'), fc.constant('prices.csv')),
})

type CsvCase = typeof mutatedCsv extends fc.Arbitrary<infer V> ? V : never

function buildCsv(x: CsvCase): string {
  const step = x.stepMs || (x.name.includes('15m') ? 900_000 : H)
  const rows: string[][] = []
  for (let i = 0; i < x.n; i++) rows.push(goodRow((x.start + i * step) * x.unit, x.price * (1 + (i % 5) / 100)))
  for (const [r, c, v] of x.edits) if (rows.length > 0) rows[r % rows.length]![c % 6] = v
  let text = [x.header, ...rows.map((r) => r.join(','))].join(x.eol) + x.eol
  if (x.cut !== undefined) text = text.slice(0, Math.max(0, text.length - x.cut))
  return text
}

/** Long format with two streams of a pair, each possibly shifted, mislabelled or short. */
const longFormat = fc.record({
  n1: fc.integer({ min: 55, max: 80 }),
  n15: fc.integer({ min: 200, max: 330 }),
  shift15: fc.constantFrom(0, 30 * 24 * H, -500 * 24 * H, 5 * H),
  label15: fc.constantFrom('15m', '1h', '5m', ''),
  symbol: fc.constantFrom('BTCUSDT', 'btcusdt', '123', 'B', ''),
  shuffle: fc.boolean(),
})

function buildLong(x: { n1: number; n15: number; shift15: number; label15: string; symbol: string; shuffle: boolean }): string {
  const lines: string[] = []
  for (let i = 0; i < x.n1; i++) lines.push(`${x.symbol},1h,${T + i * H},1,2,1,1.5,3`)
  for (let i = 0; i < x.n15; i++) lines.push(`${x.symbol},${x.label15},${T + x.shift15 + i * 900_000},1,2,1,1.5,3`)
  if (x.shuffle) lines.reverse()
  return ['symbol,interval,open_time,open,high,low,close,volume', ...lines].join('\n') + '\n'
}

const smallParquet = (n: number, perMs: bigint) => new Uint8Array(hourlyParquet(n, perMs, 'UNCOMPRESSED'))

const TIMEOUT = 120_000

describe('fuzz: any input loads soundly or is refused saying where', () => {
  it('arbitrary bytes, named .csv or .parquet', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('BTCUSDT-1h.csv', 'BTCUSDT-1h.parquet', 'x.bin'), async (b, name) => {
        await loadsOrRefuses(b.slice().buffer, name)
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1000), seed: SEED },
    )
  }, TIMEOUT)

  it('arbitrary text with a candle header', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300, unit: 'binary' }), async (s) => {
        await loadsOrRefuses(enc(`open_time,open,high,low,close,volume\n${s}`), 'BTCUSDT-1h.csv')
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: SEED },
    )
  }, TIMEOUT)

  it('near-valid CSVs with damaged cells, odd units, spacing, line endings and truncation', async () => {
    seen.loaded = seen.refused = 0
    await fc.assert(
      fc.asyncProperty(mutatedCsv, async (x) => {
        await loadsOrRefuses(enc(buildCsv(x)), x.name)
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1000), seed: SEED },
    )
    console.log(`near-valid CSVs: ${seen.loaded} loaded, ${seen.refused} refused`)
    expect(seen.loaded).toBeGreaterThan(0)
  }, TIMEOUT)

  it("long format: a pair's two streams shifted, mislabelled, misnamed or shuffled", async () => {
    await fc.assert(
      fc.asyncProperty(longFormat, async (x) => {
        await loadsOrRefuses(enc(buildLong(x)), 'long.csv')
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: SEED },
    )
  }, TIMEOUT)

  // Bytes flipped in the footer (the metadata the reader trusts first), or the file cut anywhere. Flips inside
  // page headers are left out: hyparquet trusts a page's run lengths and can spin through up to 2^31 of them, which
  // in the studio the data worker's deadline stops (dataClient.ts) and which no in-process test can time out.
  it('a small Parquet file with a damaged footer or cut short', async () => {
    const files = [smallParquet(70, 1n), smallParquet(70, 1000n), smallParquet(70, 1_000_000n)]
    await fc.assert(
      fc.asyncProperty(
        fc.nat(2), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }),
        async (which, flips, cut) => {
          let b = files[which]!.slice()
          const metaLen = new DataView(b.buffer).getUint32(b.length - 8, true)
          const metaStart = b.length - 8 - metaLen
          for (const [at, v] of flips) b[metaStart + (at % (metaLen + 8))] = v
          if (cut !== undefined) b = b.slice(0, cut % b.length)
          await loadsOrRefuses(b.slice().buffer, 'BTCUSDT-1h.parquet')
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: SEED },
    )
  }, TIMEOUT)
})
