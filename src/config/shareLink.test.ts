import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, type RunConfig } from './runConfig'
import { decodeShareLink, encodeShareLink } from './shareLink'

/** A link built by another deflate (zlib) and base64url (Buffer) than the studio's: the format, not the code. */
function linkOf(json: string | Uint8Array, version = 1): string {
  return `run=${version}.${deflateRawSync(json).toString('base64url')}`
}

const CHANGED: RunConfig = {
  version: 1,
  data: {
    source: 'binance',
    pairs: ['BTCUSDT', 'DOGEUSDT'],
    intervals: ['1h'],
    binance: { baseUrl: 'http://localhost:8787', history: { kind: 'range', start: '2024-01-01', end: '2024-03-31' }, spacingMs: 250 },
    fileName: 'candles (1).parquet',
  },
  features: {
    indicators: [{ kind: 'rsi', period: 7 }, { kind: 'macd', fast: 5, slow: 35, signal: 5 }, { kind: 'bb_width', period: 10, k: 1.5 }],
    window: 30,
    horizon: 4,
    split: { train: 0.6, val: 0.2 },
    clip: 3,
    target: { kind: 'ewma', lambda: 0.9 },
  },
  model: { h1Lstm: [16], m15Conv: [], convKernel: 5, m15Lstm: [8], dense: [], dropout: 0, head: { kind: 'value', threshold: 0.01, weight: 3 }, lstm: 'stock' },
  train: {
    epochs: 20, batchSize: 64, learningRate: 5e-4, epsilon: 1e-8, patience: 4,
    plateau: { factor: 0.3, patience: 3, minLr: 1e-6 }, seed: 7, coins: ['DOGEUSDT'], maxBatchesPerEpoch: 0, lanes: 4,
  },
  backend: 'wasm',
  backtest: { rule: 'volTarget', maxWidth: 0.02, threshold: 0.002, shorts: true, volTarget: 0.3, leverage: 2, band: 0.05, fee: 0.00075, slippage: 0.0002, coins: ['DOGEUSDT'], split: 'val' },
}
const QUANTILES: RunConfig = { ...CHANGED, model: { ...CHANGED.model, head: { kind: 'quantiles', quantiles: [0.05, 0.5, 0.95] } } }

describe('share link round trip', () => {
  it.each([
    ['the default', DEFAULT_CONFIG],
    ['every section changed, value head, range history, Binance source', CHANGED],
    ['every section changed, quantile head', QUANTILES],
  ])('gives back %s exactly, rejecting nothing', async (_, config) => {
    const link = await encodeShareLink(config)
    expect(await decodeShareLink(link)).toEqual({ config, rejected: [] })
    expect(await decodeShareLink(`#${link}`)).toEqual({ config, rejected: [] })
  })

  it('is run=1. + base64url of deflate-raw JSON, readable by zlib and writable by it', async () => {
    const link = await encodeShareLink(DEFAULT_CONFIG)
    expect(link).toMatch(/^run=1\.[A-Za-z0-9_-]+$/)
    expect(inflateRawSync(Buffer.from(link.slice('run=1.'.length), 'base64url')).toString()).toBe(JSON.stringify(DEFAULT_CONFIG))
    expect(await decodeShareLink(linkOf(JSON.stringify(CHANGED)))).toEqual({ config: CHANGED, rejected: [] })
  })

  it('is compact: the default is 1571 bytes of JSON and about 1021 characters of link', async () => {
    // 1571 bytes of JSON deflate to 761; base64 makes 4 characters of 3 bytes: 6 + ceil(761 · 4 / 3) = 1021
    expect(JSON.stringify(DEFAULT_CONFIG)).toHaveLength(1571)
    const link = await encodeShareLink(DEFAULT_CONFIG)
    expect(link.length).toBeGreaterThan(800)
    expect(link.length).toBeLessThan(1100)
  })

  it('a link made before the Backtest cell (no backtest section) opens with its defaults, rejecting nothing', async () => {
    const { backtest: _, ...old } = CHANGED
    expect(await decodeShareLink(linkOf(JSON.stringify(old)))).toEqual({ config: { ...CHANGED, backtest: DEFAULT_CONFIG.backtest }, rejected: [] })
  })

  it('a link made before lanes were a setting (no train.lanes) opens with the default 8 lanes, rejecting nothing', async () => {
    const { lanes: _, ...train } = CHANGED.train
    expect(await decodeShareLink(linkOf(JSON.stringify({ ...CHANGED, train })))).toEqual({ config: { ...CHANGED, train: { ...train, lanes: 8 } }, rejected: [] })
  })

  it('finds the link among other hash parameters, and reports none when there is none', async () => {
    const link = await encodeShareLink(CHANGED)
    expect(await decodeShareLink(`#tab=train&${link}&x=1`)).toEqual({ config: CHANGED, rejected: [] })
    for (const hash of ['', '#', '#tab=train', 'running=1.abc']) expect(await decodeShareLink(hash)).toBeUndefined()
  })
})

describe('share link that cannot be read', () => {
  it.each([
    ['a newer link version', async () => `run=2.${(await encodeShareLink(DEFAULT_CONFIG)).slice(6)}`, /^version 2 links come from a newer studio; this one reads version 1 — defaults kept$/],
    ['a newer config version inside', async () => linkOf(JSON.stringify({ ...CHANGED, version: 2 })), /^version 2 links come from a newer studio; this one reads version 1 — defaults kept$/],
    ['version 0', async () => `run=0.${(await encodeShareLink(CHANGED)).slice(6)}`, /^version 0 is not a link version/],
    ['no version', async () => 'run=eyJ2ZXJzaW9uIjoxfQ', /^the link has no version; it should start run=1\./],
    ['nothing after the version', async () => 'run=1.', /not base64url/],
    ['characters outside base64url', async () => 'run=1.<script>alert(1)</script>', /not base64url/],
    ['a length no bytes can have', async () => 'run=1.abcde', /not base64url/],
    ['a truncated link', async () => (await encodeShareLink(CHANGED)).slice(0, -40), /does not unpack\); was it cut short/],
    // 'h' = 0x68: its low bits 0, 00 open a stored block whose length check then fails
    ['base64 of bytes that are not deflate', async () => `run=1.${Buffer.from('hello, not deflate').toString('base64url')}`, /does not unpack/],
    ['deflate of bytes that are not UTF-8', async () => linkOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), /not text/],
    ['deflate of text that is not JSON', async () => linkOf('{"version":1,'), /not JSON/],
    ['a JSON array', async () => linkOf('[1,2]'), /holds a list, not a run configuration/],
    ['JSON null', async () => linkOf('null'), /holds null, not a run configuration/],
    ['a JSON string', async () => linkOf('"run"'), /holds a string, not a run configuration/],
    ['a decompression bomb', async () => linkOf(JSON.stringify({ version: 1, pad: ' '.repeat(5_000_000) })), /unpacks to more than 65536 bytes/],
    ['a link longer than any config needs', async () => `run=1.${'A'.repeat(70_000)}`, /70006 characters/],
  ])('%s: defaults and one (link) rejection', async (_, make, message) => {
    const r = await decodeShareLink(await make())
    expect(r?.config).toEqual(DEFAULT_CONFIG)
    expect(r?.config).not.toBe(DEFAULT_CONFIG)
    expect(r?.rejected).toHaveLength(1)
    expect(r?.rejected[0]?.path).toBe('(link)')
    expect(r?.rejected[0]?.message).toMatch(message)
    expect(r?.rejected[0]?.message).toMatch(/ — defaults kept$/)
  })

  it('keeps the bomb small: 5 MB of JSON travel in a link of a few kB', () => {
    expect(linkOf(JSON.stringify({ version: 1, pad: ' '.repeat(5_000_000) })).length).toBeLessThan(10_000)
  })
})

describe('share link with markup or script in it', () => {
  it('rejects a pair and a URL that could carry markup or script, and keeps a file name only as text', async () => {
    const tampered = structuredClone(CHANGED) as unknown as { data: Record<string, unknown> & { binance: Record<string, unknown> } }
    tampered.data.pairs = ['BTCUSDT', '<img src=x onerror=alert(1)>']
    tampered.data.binance.baseUrl = 'javascript:alert(1)'
    tampered.data.fileName = '<script>alert(1)</script>.parquet'
    const r = await decodeShareLink(linkOf(JSON.stringify(tampered)))
    expect(r?.rejected.map((x) => x.path)).toEqual(['data.pairs', 'data.binance.baseUrl'])
    expect(r?.config.data.pairs).toEqual(DEFAULT_CONFIG.data.pairs)
    expect(r?.config.data.binance.baseUrl).toBe(DEFAULT_CONFIG.data.binance.baseUrl)
    // a file name is only ever shown as text and matched against a picked file's name: the same string, inert
    expect(r?.config.data.fileName).toBe('<script>alert(1)</script>.parquet')
    expect(r?.config.backend).toBe('wasm')
  })

  it('drops __proto__ and unknown keys without touching any prototype', async () => {
    const json = JSON.stringify(CHANGED).replace(/^\{/, '{"__proto__":{"polluted":true},"run":"alert(1)",')
    const r = await decodeShareLink(linkOf(json))
    expect(r).toEqual({ config: CHANGED, rejected: [] })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(r?.config ?? {})).toEqual(['version', 'data', 'features', 'model', 'train', 'backend', 'backtest'])
  })
})
