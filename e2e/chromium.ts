import { existsSync } from 'node:fs'

/**
 * How every browser run here starts Chromium: headless, with the background services that would call out to
 * a closed network turned off, and WebGPU enabled (it runs on SwiftShader where there is no GPU).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu',
]

/** Debian's Chromium (or CHROMIUM_PATH) when present; undefined lets Playwright use a browser it installed. */
export function chromiumPath(): string | undefined {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  return existsSync(p) ? p : undefined
}
