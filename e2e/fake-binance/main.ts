/** `npm run fake-binance -- [--port 9876]`: the fake klines API on 127.0.0.1 until Ctrl-C. */
import { startFakeBinance } from './server'

const i = process.argv.indexOf('--port')
const port = i >= 0 ? Number(process.argv[i + 1]) : 9876
const fake = await startFakeBinance({ port })
console.log(`fake Binance klines API on ${fake.url} (faults: POST ${fake.url}/__fake/faults)`)
