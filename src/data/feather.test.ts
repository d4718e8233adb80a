import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeCandleFile } from './decode'
import { writeCandlesFeather } from './feather'
import { freqtradeFileName } from './freqtradeNames'
import { toArrayBuffer } from './decode'
import { bundledPair } from './testing'
import { python, pythonCan } from '../export/testing'

// Written by pyarrow (scripts/feather-fixtures.py), an independent writer, in the codecs freqtrade uses.
const fixture = (name: string) => toArrayBuffer(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))
const T = 1_704_067_200_000
const NOW = Date.UTC(2026, 0, 1)

describe('freqtrade Feather files', () => {
  it.each([
    ['BTC_USDT-1h.feather', 'lz4, date in ns', 'BTCUSDT', '1h', 70, 3_600_000],
    ['BTC_USDT-15m.feather', 'zstd, date in ms', 'BTCUSDT', '15m', 300, 900_000],
    ['ETH_USDT_USDT-1h-futures.feather', 'uncompressed futures, date in µs', 'ETHUSDT', '1h', 70, 3_600_000],
    ['SOL_USDT-15m.feather', 'lz4 over several linked frame blocks', 'SOLUSDT', '15m', 10_000, 900_000],
  ])('reads %s (%s): pair and timeframe from the name', async (name, _, symbol, interval, bars, step) => {
    const { series, warnings } = await decodeCandleFile(fixture(name), name, {}, 'file', NOW)
    expect(warnings).toEqual([])
    expect(series).toHaveLength(1)
    const s = series[0]!
    expect([s.symbol, s.interval, s.candles.openTime.length]).toEqual([symbol, interval, bars])
    const last = bars - 1
    // pyarrow wrote close = 100 + (i mod 7) + i/100, volume = 12.5 + i, date = T + i·step
    expect(s.candles.openTime[last]).toBe(T + last * step)
    expect(s.candles.close[last]).toBeCloseTo(100 + (last % 7) + last / 100, 10)
    expect(s.candles.volume[last]).toBe(12.5 + last)
  })

  it('refuses a timeframe the studio does not read, and a damaged file, in words', async () => {
    await expect(decodeCandleFile(fixture('BTC_USDT-1h.feather'), 'BTC_USDT-5m.feather', {}, 'file', NOW)).rejects.toThrow(
      'file: BTC_USDT-5m.feather holds 5m candles; the studio reads 1h and 15m',
    )
    const cut = fixture('BTC_USDT-1h.feather').slice(0, 2000)
    await expect(decodeCandleFile(cut, 'BTC_USDT-1h.feather', {}, 'file', NOW)).rejects.toThrow(
      /^file: BTC_USDT-1h\.feather is incomplete or not a Feather \(Arrow IPC\) file|^file: BTC_USDT-1h\.feather has Feather columns that do not decode/,
    )
  })
})

describe('Export Feather', () => {
  it('writes a series that reads back the same through the upload path', async () => {
    const [s] = await bundledPair('LINKUSDT')
    const bytes = writeCandlesFeather(s!)
    const back = await decodeCandleFile(toArrayBuffer(bytes), freqtradeFileName(s!), {}, 'file')
    for (const k of ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const) expect(back.series[0]!.candles[k]).toEqual(s!.candles[k])
  })

  // pyarrow is the reader freqtrade uses (through pandas); where a Python with it is at hand (PYTHON, default
  // python3), it must read the export.
  const hasPyarrow = pythonCan('import pyarrow')
  it.skipIf(!hasPyarrow)('is read by pyarrow with date as timestamp[ms, UTC] and the same numbers', async () => {
    const [s] = await bundledPair('DOGEUSDT')
    const dir = mkdtempSync(join(tmpdir(), 'feather-'))
    const file = join(dir, freqtradeFileName(s!))
    writeFileSync(file, writeCandlesFeather(s!))
    const py = [
      'import pyarrow.feather as f, json, sys',
      't = f.read_table(sys.argv[1])',
      'print(json.dumps({"schema": [str(x.type) for x in t.schema], "names": t.schema.names, "rows": t.num_rows,',
      '  "t5": t.column("date")[5].value, "close5": t.column("close")[5].as_py()}))',
    ].join('\n')
    const out = python(['-c', py, file], dir)
    expect(out.stderr).toBe('')
    expect(JSON.parse(out.stdout)).toEqual({
      schema: ['timestamp[ms, tz=UTC]', 'double', 'double', 'double', 'double', 'double'],
      names: ['date', 'open', 'high', 'low', 'close', 'volume'],
      rows: s!.candles.openTime.length, t5: s!.candles.openTime[5], close5: s!.candles.close[5],
    })
  })
})
