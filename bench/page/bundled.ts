import { fetchAsset, fetchBundleManifest } from '../../src/data/sources'
import { decodeInWorker } from '../../src/workers/dataClient'
import { coinInputs, type CoinInput } from '../../src/workers/featuresPool'

/** Every bundled pair with both streams, decoded in the data worker as the Data cell loads them. */
export async function bundledCoinInputs(): Promise<CoinInput[]> {
  const manifest = await fetchBundleManifest()
  const decoded = await Promise.all(manifest.pairs.map(async (m) => decodeInWorker(await fetchAsset(`data/${m.file}`), m.file, {}, 'bundled')))
  return coinInputs(decoded.flatMap((d) => d.series)).coins
}
