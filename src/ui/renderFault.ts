/**
 * Test-only: a cell id that must throw while rendering, so a browser test can prove a render error stays in its
 * cell. Set by opening the page with `?render-fault=<cell id>` and cleared with `window.__renderFault = undefined`;
 * without the query parameter nothing is ever read from window and nothing throws.
 */
declare global {
  interface Window {
    __renderFault?: string
  }
}

const fromUrl = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('render-fault')
if (fromUrl && typeof window !== 'undefined') window.__renderFault = fromUrl

export function renderFault(): string | undefined {
  return fromUrl ? window.__renderFault : undefined
}
