/**
 * The only module that touches the network and the user's files. Everything else takes these seams as
 * arguments, so tests can hand in real servers and in-memory buffers.
 */
import type { Http } from './binance'
import type { BundleManifest } from './bundled'

export const fetchHttp: Http = {
  async get(url, signal) {
    // A plain GET with no custom headers is a CORS "simple request": the browser sends no preflight.
    const res = await fetch(url, { signal, cache: 'no-store' })
    return { status: res.status, header: (n) => res.headers.get(n), text: () => res.text() }
  },
  async explainNetworkFailure(url) {
    const origin = new URL(url).origin
    try {
      // An opaque no-cors request succeeds when the server is up but refuses cross-origin reads.
      await fetch(url, { mode: 'no-cors', cache: 'no-store' })
      return `binance: ${origin} answered but does not allow this page to read its responses (CORS). ` +
        'Browsers enforce this; use the bundled data, or fetch elsewhere and upload a Parquet or CSV file.'
    } catch {
      return `binance: cannot reach ${origin} (offline, blocked, or the address is wrong). ` +
        'Check the API base URL, or use the bundled data or upload a file.'
    }
  },
}

/** Same-origin files shipped with the app, relative to the page so any static host and sub-path works. */
export async function fetchAsset(path: string): Promise<ArrayBuffer> {
  const res = await fetch(new URL(path, document.baseURI))
  if (!res.ok) throw new Error(`data: could not load ${path} (HTTP ${res.status}); is the site complete?`)
  return res.arrayBuffer()
}

export async function fetchBundleManifest(): Promise<BundleManifest> {
  const text = new TextDecoder().decode(await fetchAsset('data/manifest.json'))
  return JSON.parse(text) as BundleManifest
}

export function readUserFile(file: File): Promise<ArrayBuffer> {
  // The browser's reason (NotReadableError …) says nothing a person can act on; what usually happened does.
  return file.arrayBuffer().catch(() => {
    throw new Error(`file: could not read ${file.name}; the browser refused (it may have been moved, changed or be unreadable). Choose it again`)
  })
}

/** Hands bytes to the user as a download. */
export function saveBytes(bytes: ArrayBuffer, fileName: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
