/// <reference lib="webworker" />
import type { Candles } from '../data/types'
import { buildCoinFeatures } from '../features/pipeline'
import { computeColumns } from '../features/spec'
import { coinBuffers, type FeaturesRequest, type FeaturesResponse } from './featuresProtocol'
import type { Envelope } from './protocol'

const coins = new Map<string, { symbol: string; h1: Candles; m15: Candles }>()

self.onmessage = (e: MessageEvent<{ id: number; req: FeaturesRequest }>) => {
  const { id, req } = e.data
  const reply = (value: FeaturesResponse, transfer: ArrayBuffer[] = []) => self.postMessage({ id, ok: true, value } satisfies Envelope<FeaturesResponse>, { transfer })
  let symbol = ''
  try {
    if (req.type === 'load') {
      coins.set(req.key, { symbol: req.symbol, h1: req.h1, m15: req.m15 })
      return reply({ type: 'loaded' })
    }
    if (req.type === 'forget') {
      coins.clear()
      return reply({ type: 'forgotten' })
    }
    const coin = coins.get(req.key)
    if (!coin) throw new Error(`features: ${req.key} was not loaded into this worker`)
    symbol = coin.symbol
    const t0 = performance.now()
    if (req.type === 'columns') {
      computeColumns(coin.h1, req.config.indicators)
      computeColumns(coin.m15, req.config.indicators)
      return reply({ type: 'columns', rows: coin.h1.openTime.length + coin.m15.openTime.length, ms: performance.now() - t0 })
    }
    const built = buildCoinFeatures(coin.symbol, coin.h1, coin.m15, req.config, req.cut)
    reply({ type: 'built', coin: built, ms: performance.now() - t0 }, coinBuffers(built))
  } catch (err) {
    // Name the coin: the cell shows which one failed.
    const msg = (err as Error).message
    self.postMessage({ id, ok: false, message: symbol && !msg.includes(symbol) ? `features: ${symbol}: ${msg}` : msg } satisfies Envelope<FeaturesResponse>)
  }
}
