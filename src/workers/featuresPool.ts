import type { Series } from '../data/types'
import type { CalendarCut, CoinFeatures, FeaturesConfig } from '../features/types'
import { workerClient } from './client'
import type { FeaturesRequest, FeaturesResponse } from './featuresProtocol'
import { yieldToPage } from '../util/yieldToPage'
import { copyCandles } from './protocol'

type Client = ReturnType<typeof workerClient<FeaturesRequest, FeaturesResponse>>

/** A coin whose both streams are loaded: the unit of work of the Features cell. */
export interface CoinInput {
  symbol: string
  h1: Series
  m15: Series
}

/** Pairs with both streams loaded; the others are listed as skipped. */
export function coinInputs(series: readonly Series[]): { coins: CoinInput[]; skipped: string[] } {
  const bySymbol = new Map<string, Partial<Record<'1h' | '15m', Series>>>()
  for (const s of series) bySymbol.set(s.symbol, { ...bySymbol.get(s.symbol), [s.interval]: s })
  const coins: CoinInput[] = []
  const skipped: string[] = []
  for (const [symbol, v] of bySymbol) {
    if (v['1h'] && v['15m']) coins.push({ symbol, h1: v['1h'], m15: v['15m'] })
    else skipped.push(`${symbol}: needs both 1h and 15m candles (has only ${v['1h'] ? '1h' : '15m'})`)
  }
  return { coins, skipped }
}

/**
 * Module workers, one per core up to `max`; each coin sticks to one worker, which keeps its candles, so a
 * second run with other periods posts only the config. Coins are dealt round-robin, largest first.
 */
export class FeaturesPool {
  private readonly workers: Client[]
  private readonly owner = new Map<string, Client>()
  private loadedFor: object | undefined

  constructor(size = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2))) {
    this.workers = Array.from({ length: size }, (_, i) =>
      workerClient<FeaturesRequest, FeaturesResponse>(new Worker(new URL('./features.worker.ts', import.meta.url), { type: 'module', name: `features-${i}` })))
  }

  get size(): number {
    return this.workers.length
  }

  /** Posts copies of each coin's candles to its worker (the page keeps its dataset). Once per dataset. */
  async load(dataset: object, coins: CoinInput[]): Promise<void> {
    if (this.loadedFor === dataset) return
    this.owner.clear()
    await Promise.all(this.workers.map((w) => w.call({ type: 'forget' })))
    const bySize = [...coins].sort((a, b) => b.m15.candles.openTime.length - a.m15.candles.openTime.length)
    const load = new Array<number>(this.workers.length).fill(0)
    const sent: Promise<unknown>[] = []
    for (const c of bySize) {
      const i = load.indexOf(Math.min(...load))
      load[i]! += c.m15.candles.openTime.length + c.h1.candles.openTime.length
      const w = this.workers[i]!
      this.owner.set(c.symbol, w)
      const h1 = copyCandles(c.h1.candles)
      const m15 = copyCandles(c.m15.candles)
      sent.push(w.call({ type: 'load', key: c.symbol, symbol: c.symbol, h1: h1.candles, m15: m15.candles }, [...h1.buffers, ...m15.buffers]))
      // Copying 22 coins' candles at once held the page for 60 ms and more: a coin a task.
      await yieldToPage()
    }
    await Promise.all(sent)
    this.loadedFor = dataset
  }

  /** Builds every loaded coin in parallel; the first failure rejects with that coin's message. */
  async build(symbols: string[], config: FeaturesConfig, cut?: CalendarCut, onCoin?: (c: CoinFeatures, ms: number) => void): Promise<CoinFeatures[]> {
    return Promise.all(symbols.map(async (s) => {
      const r = await this.worker(s).call({ type: 'build', key: s, config, ...(cut ? { cut } : {}) })
      if (r.type !== 'built') throw new Error(`worker: expected built, got ${r.type}`)
      onCoin?.(r.coin, r.ms)
      return r.coin
    }))
  }

  /**
   * Raw indicator columns for every loaded coin, for the speed benchmark: rows covered, and the compute time
   * summed over coins as the workers measured it.
   */
  async columns(symbols: string[], config: FeaturesConfig): Promise<{ rows: number; computeMs: number }> {
    const parts = await Promise.all(symbols.map(async (s) => {
      const r = await this.worker(s).call({ type: 'columns', key: s, config })
      return r.type === 'columns' ? r : { rows: 0, ms: 0 }
    }))
    return { rows: parts.reduce((a, b) => a + b.rows, 0), computeMs: parts.reduce((a, b) => a + b.ms, 0) }
  }

  private worker(symbol: string): Client {
    const w = this.owner.get(symbol)
    if (!w) throw new Error(`features: ${symbol} is not loaded`)
    return w
  }

  terminate(): void {
    for (const w of this.workers) w.terminate()
  }
}
