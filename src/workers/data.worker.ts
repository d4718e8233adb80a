/// <reference lib="webworker" />
import { decodeCandleFile } from '../data/decode'
import { writeCandlesFeather } from '../data/feather'
import { writeCandlesParquet, writeColumnsParquet } from '../data/parquet'
import { featureTable } from '../features/table'
import { featureColumns } from '../features/tableIO'
import { seriesBuffers, type DataRequest, type DataResponse, type Envelope } from './protocol'

// Parsing and writing files off the page's thread: a 1M-row file must not freeze the tab.
self.onmessage = async (e: MessageEvent<{ id: number; req: DataRequest }>) => {
  const { id, req } = e.data
  try {
    let value: DataResponse
    let transfer: ArrayBuffer[]
    if (req.type === 'decode') {
      const result = await decodeCandleFile(req.bytes, req.fileName, req.hint, req.source)
      value = { type: 'decoded', result }
      transfer = seriesBuffers(result.series)
    } else if (req.type === 'features') {
      const bytes = writeColumnsParquet(featureColumns(featureTable(req.series, req.config)))
      value = { type: 'encoded', bytes }
      transfer = [bytes]
    } else if (req.type === 'feather') {
      const out = writeCandlesFeather(req.series)
      const bytes = out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer
      value = { type: 'encoded', bytes }
      transfer = [bytes]
    } else if (req.type === 'columns') {
      const bytes = writeColumnsParquet(req.columns)
      value = { type: 'encoded', bytes }
      transfer = [bytes]
    } else {
      const bytes = writeCandlesParquet(req.series)
      value = { type: 'encoded', bytes }
      transfer = [bytes]
    }
    self.postMessage({ id, ok: true, value } satisfies Envelope<DataResponse>, { transfer })
  } catch (err) {
    self.postMessage({ id, ok: false, message: (err as Error).message } satisfies Envelope<DataResponse>)
  }
}
