import type { DataConfig } from '../config/runConfig'
import { fetchKlines, type FetchProgress } from '../data/binance'
import { idbKlineCache } from '../data/cache'
import { freqtradeFileName } from '../data/freqtradeNames'
import { historyRange } from '../data/pager'
import { DEFAULT_RETRY } from '../data/retry'
import { fetchAsset, fetchBundleManifest, fetchHttp, readUserFile, saveBytes } from '../data/sources'
import type { SeriesHint } from '../data/table'
import { seriesKey, type Dataset, type Interval, type Series } from '../data/types'
import { checkStreamsOverlap, validateSeries } from '../data/validate'
import { seededRng } from '../util/rng'
import { sleep } from '../util/time'
import { decodeInWorker, encodeInWorker, featherInWorker } from '../workers/dataClient'
import type { RunConfig } from '../config/runConfig'
import { presetCoins, presetOf } from '../config/presets'
import { loadedCoins } from '../data/types'
import { transitionCell, type CellEvent, type CellId } from './cells'
import { firstChanged, invalidate, type Change } from './invalidate'
import { useStudio, type DataSlice } from './store'

const set = useStudio.setState
const get = useStudio.getState

export function cellEvent(id: CellId, e: CellEvent) {
  set((s) => ({ cells: { ...s.cells, [id]: transitionCell(s.cells[id], e) } }))
}

/** Applies the one invalidation rule (invalidate.ts) to the page's cells. */
export function changed(change: Change) {
  set((s) => ({ cells: invalidate(s.cells, change) }))
}

/**
 * Every change of the run configuration goes through here: the first cell whose part differs, and every cell after
 * it, become stale. `replace`: the whole configuration was replaced (a link, a loaded run), so forms re-read it.
 */
export function setConfig(next: RunConfig, replace = false) {
  const cell = firstChanged(get().config, next)
  set((s) => ({ config: next, configEpoch: s.configEpoch + (replace ? 1 : 0) }))
  if (cell) changed({ kind: 'settings', cell })
}

/**
 * Runs an action a cell owns that is not its run (an export, a listing): a failure is shown in that cell and
 * changes no cell's status, so the cell's run, its data and the cells below stay as they were.
 */
export async function cellAction(id: CellId, op: () => Promise<void>): Promise<void> {
  try {
    await op()
    cellEvent(id, { type: 'actionSucceeded' })
  } catch (e) {
    cellEvent(id, { type: 'actionFailed', error: (e as Error).message })
  }
}

function patchData(p: Partial<DataSlice>) {
  set((s) => ({ data: { ...s.data, ...p } }))
}

export function setDataConfig(p: Partial<DataConfig>) {
  setConfig({ ...get().config, data: { ...get().config.data, ...p } })
}

export function setBinanceConfig(p: Partial<DataConfig['binance']>) {
  setDataConfig({ binance: { ...get().config.data.binance, ...p } })
}

export function selectSeries(key: string) {
  patchData({ selected: key })
}

export function setFileHint(p: Partial<DataSlice['fileHint']>) {
  patchData({ fileHint: { ...get().data.fileHint, ...p } })
}

/**
 * Runs one Data operation as the cell's run: status, error and timings in the cell; the dataset replaced
 * only when the operation succeeds, so a failure never loses what the user had.
 */
// While the Data cell runs, a second request for the same source (Train clicked during the first load) waits for
// the same run; a request for another source (a file picked while the bundle loads) runs after it, never instead.
let dataRun: { source: string; done: Promise<void> } | undefined

function runData(source: string, op: () => Promise<{ dataset: Dataset; notes: string[]; config: Partial<DataConfig> }>): Promise<void> {
  if (dataRun?.source === source) return dataRun.done
  const run = { source, done: (dataRun?.done ?? Promise.resolve()).then(() => runDataOnce(op)) }
  run.done = run.done.finally(() => {
    if (dataRun === run) dataRun = undefined
  })
  dataRun = run
  return run.done
}

async function runDataOnce(op: () => Promise<{ dataset: Dataset; notes: string[]; config: Partial<DataConfig> }>): Promise<void> {
  cellEvent('data', { type: 'start', at: Date.now() })
  try {
    const { dataset, notes, config } = await op()
    const selected = dataset.series.some((s) => seriesKey(s) === get().data.selected) ? get().data.selected : dataset.series[0] && seriesKey(dataset.series[0])
    patchData({ dataset, notes, selected, progress: undefined, pendingFile: undefined })
    // what was loaded, recorded: not a change of settings by the user
    set((s) => ({ config: { ...s.config, data: { ...s.config.data, ...config } } }))
    changed({ kind: 'output', cell: 'data' })
    choosePresetCoins(dataset)
    cellEvent('data', { type: 'succeed', at: Date.now() })
  } catch (e) {
    patchData({ progress: undefined })
    cellEvent('data', { type: 'fail', at: Date.now(), error: (e as Error).message })
  }
}

/** A preset picks its coins from what is loaded, unless the user ticked coins by hand. */
function choosePresetCoins(dataset: Dataset) {
  const st = get()
  const { train, features, model } = st.config
  const preset = presetOf(train, features, model.head)
  if (st.train.coinsByHand || preset === 'custom') return
  const coins = presetCoins(preset, loadedCoins(dataset.series), dataset.source)
  if (coins.join() !== train.coins.join()) setConfig({ ...st.config, train: { ...train, coins } })
}

/** Runs the Data cell as configured: the bundle, a Binance fetch, or the file chosen last. */
export function runDataCell(): Promise<void> {
  const src = get().config.data.source
  if (src === 'binance') return fetchFromBinance()
  if (src === 'file') {
    if (lastFiles.length) return loadFile(...lastFiles)
    return runData('file', async () => {
      throw new Error(`file: choose ${get().config.data.fileName ?? 'the data file'} again with Upload data file; browsers do not keep files between visits`)
    })
  }
  return loadBundled()
}

export function loadBundled(): Promise<void> {
  return runData('bundled', async () => {
    const { pairs, intervals } = get().config.data
    const manifest = await fetchBundleManifest()
    const notes: string[] = []
    const missing = pairs.filter((p) => !manifest.pairs.some((m) => m.symbol === p))
    if (missing.length) notes.push(`not in the bundled data: ${missing.join(', ')}`)
    const files = manifest.pairs.filter((m) => pairs.includes(m.symbol))
    const decoded = await Promise.all(files.map(async (m) => decodeInWorker(await fetchAsset(`data/${m.file}`), m.file, {}, 'bundled')))
    const series = decoded.flatMap((d) => d.series).filter((s) => intervals.includes(s.interval))
    notes.push(...decoded.flatMap((d) => d.warnings))
    if (series.length === 0) throw new Error('data: the bundled data holds none of the selected pairs')
    return { dataset: { source: 'bundled', origin: 'bundled', series, warnings: notes }, notes, config: { source: 'bundled' } }
  })
}

let fetchCtl: AbortController | undefined

export function cancelFetch() {
  fetchCtl?.abort(new Error('binance: fetch cancelled; series fetched so far are cached, so fetching again resumes'))
}

export function fetchFromBinance(): Promise<void> {
  return runData('binance', async () => {
    const cfg = get().config.data
    const now = Date.now()
    const jobs = cfg.pairs.flatMap((symbol) => (cfg.intervals as Interval[]).map((interval) => {
      const h = cfg.binance.history
      const history = h.kind === 'bars' ? h : { kind: 'range' as const, start: Date.parse(h.start), end: Date.parse(h.end) }
      return { symbol, interval, range: historyRange(history, interval, now) }
    }))
    const notes: string[] = []
    fetchCtl = new AbortController()
    try {
      const res = await fetchKlines(
        { baseUrl: cfg.binance.baseUrl, jobs, spacingMs: cfg.binance.spacingMs, policy: DEFAULT_RETRY, signal: fetchCtl.signal },
        {
          http: fetchHttp,
          cache: idbKlineCache((m) => notes.push(m)),
          now: Date.now,
          sleep,
          rng: seededRng(now),
          onProgress: (progress: FetchProgress) => patchData({ progress }),
        },
      )
      notes.push(...res.failures.map((f) => f.message))
      const series: Series[] = []
      for (const s of res.series) {
        try {
          const v = validateSeries(s, 'binance')
          series.push(v.series)
          notes.push(...v.warnings)
        } catch (e) {
          notes.push((e as Error).message)
        }
      }
      if (series.length === 0) throw new Error(`binance: no series could be fetched${notes.length ? ` — ${notes.join('; ')}` : ''}`)
      return { dataset: { source: 'binance', origin: cfg.binance.baseUrl, series, warnings: notes }, notes, config: { source: 'binance' } }
    } finally {
      fetchCtl = undefined
    }
  })
}

// File objects cannot live in the serialisable config; they stay here so Run can read them again.
let lastFiles: File[] = []

/** Loads one or more candle files (e.g. BTCUSDT-1h.csv and BTCUSDT-15m.csv) as one dataset. */
export function loadFile(...files: File[]): Promise<void> {
  lastFiles = files
  return runData(`file:${files.map((f) => f.name).join('|')}`, async () => {
    const { symbol, interval } = get().data.fileHint
    const hint: SeriesHint = { symbol: symbol.trim().toUpperCase() || undefined, interval: interval || undefined }
    const series: Series[] = []
    const warnings: string[] = []
    const from = new Map<string, string>()
    for (const file of files) {
      try {
        const decoded = await decodeInWorker(await readUserFile(file), file.name, hint, 'file')
        for (const s of decoded.series) {
          const key = seriesKey(s)
          if (from.has(key)) throw new Error(`file: ${key} is in both ${from.get(key)} and ${file.name}; pick one of them`)
          from.set(key, file.name)
          series.push(s)
        }
        warnings.push(...decoded.warnings)
      } catch (e) {
        if (/enter Symbol and Interval/.test((e as Error).message)) patchData({ pendingFile: file.name })
        throw e
      }
    }
    checkStreamsOverlap(series)
    const origin = files.map((f) => f.name).join(', ')
    const fileName = files.length === 1 ? files[0]!.name : `${files[0]!.name} and ${files.length - 1} more`
    return { dataset: { source: 'file', origin, series, warnings }, notes: warnings, config: { source: 'file', fileName: fileName.slice(0, 255) } }
  })
}

/** Loads the last chosen files again, e.g. after the user typed the symbol and interval. */
export function reloadFile(): Promise<void> {
  return lastFiles.length ? loadFile(...lastFiles) : runDataCell()
}

/** Downloads the dataset as one long-format Parquet file. A failure is shown in the Data cell; its status and data stay. */
export function exportParquet(): Promise<void> {
  const ds = get().data.dataset
  if (!ds) return Promise.resolve()
  return cellAction('data', async () => {
    const bytes = await exportStep(encodeInWorker(ds.series))
    saveBytes(bytes, `candles-${ds.source}-${ds.series.length}-series.parquet`, 'application/vnd.apache.parquet')
  })
}

/** Downloads one series as the Feather file freqtrade keeps (BTC_USDT-1h.feather). A failure is shown in the Data cell. */
export function exportFeather(key: string): Promise<void> {
  const s = get().data.dataset?.series.find((x) => seriesKey(x) === key)
  if (!s) return Promise.resolve()
  return cellAction('data', async () => saveBytes(await exportStep(featherInWorker(s)), freqtradeFileName(s), 'application/vnd.apache.arrow.file'))
}

/** An export's work, its error named as an export's. */
export async function exportStep<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (e) {
    const m = (e as Error).message
    throw new Error(m.startsWith('export:') ? m : `export: ${m}`)
  }
}
