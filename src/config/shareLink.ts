/**
 * Share links: the whole run configuration in the URL hash.
 *
 *   const hash = await encodeShareLink(config)            // 'run=1.…', no leading '#'
 *   const url = `${location.origin}${location.pathname}#${hash}`
 *
 *   const shared = await decodeShareLink(location.hash)   // '#run=1.…' or 'run=1.…'
 *   if (shared) { apply(shared.config); show(shared.rejected) }   // undefined: the page was opened without a link
 *
 * The link is `run=<version>.` + base64url(deflate-raw(JSON)); the default configuration is about 850 characters.
 * Decoding never throws and never evaluates anything: the payload is only ever JSON.parse'd and validated field by
 * field, and a link that cannot be read at all gives DEFAULT_CONFIG with one `(link)` rejection saying why.
 */
import { repairRunConfig, type RepairedConfig } from './repair'
import { DEFAULT_CONFIG, type RunConfig } from './runConfig'

export type SharedConfig = RepairedConfig

/** The version this studio writes and reads; it follows RunConfig's `version`. */
export const LINK_VERSION = 1
/** The default is 1.3 kB of JSON and the schema's largest (50 pairs, 64 indicators) under 8 kB: past this is a bomb. */
export const MAX_JSON_BYTES = 64 * 1024
/** 48 kB of deflate, far past any real configuration; checked first, so a huge hash costs no decoding. */
export const MAX_LINK_CHARS = 64 * 1024

const PREFIX = 'run='

export async function encodeShareLink(config: RunConfig): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(config))
  const packed = await new Response(streamOf(json).pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer()
  return `${PREFIX}${LINK_VERSION}.${toBase64Url(new Uint8Array(packed))}`
}

/** Reads the `run=` part of a hash (`&`-separated, leading '#' optional); undefined when there is none. */
export async function decodeShareLink(hash: string): Promise<SharedConfig | undefined> {
  const part = hash.replace(/^#/, '').split('&').find((p) => p.startsWith(PREFIX))
  if (part === undefined) return undefined
  try {
    const r = await unpack(part)
    return r.ok ? repairRunConfig(r.value) : refused(r.why)
  } catch (e) {
    return refused(`the link could not be read (${e instanceof Error ? e.message : String(e)})`)
  }
}

type Unpacked = { ok: true; value: object } | { ok: false; why: string }

/** The link's JSON object, or a sentence saying why there is none. */
async function unpack(part: string): Promise<Unpacked> {
  if (part.length > MAX_LINK_CHARS) return no(`the link is ${part.length} characters, far more than a run configuration needs`)
  const m = /^(\d{1,9})\.(.*)$/s.exec(part.slice(PREFIX.length))
  if (!m) return no('the link has no version; it should start run=1.')
  const version = Number(m[1])
  if (version !== LINK_VERSION) return no(versionProblem(version))
  const bytes = fromBase64Url(m[2] ?? '')
  if (!bytes || bytes.length === 0) return no('the link is damaged (it is not base64url); was it cut short or edited?')
  const inflated = await inflateCapped(bytes)
  if (inflated === 'too big') return no(`the link unpacks to more than ${MAX_JSON_BYTES} bytes, far more than a run configuration`)
  if (inflated === undefined) return no('the link is damaged (its data does not unpack); was it cut short or edited?')
  let json: string
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated)
  } catch {
    return no('the link is damaged (its data is not text)')
  }
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return no('the link is damaged (its data is not JSON)')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return no(`the link holds ${value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a run configuration`)
  }
  // a newer studio may have changed what its fields mean: reading them field by field would be a guess
  const inner = (value as { version?: unknown }).version
  if (typeof inner === 'number' && Number.isInteger(inner) && inner > LINK_VERSION) return no(versionProblem(inner))
  return { ok: true, value }
}

function no(why: string): Unpacked {
  return { ok: false, why }
}

function versionProblem(version: number): string {
  return version > LINK_VERSION
    ? `version ${version} links come from a newer studio; this one reads version ${LINK_VERSION}`
    : `version ${version} is not a link version; this studio reads version ${LINK_VERSION}`
}

function refused(why: string): SharedConfig {
  return { config: structuredClone(DEFAULT_CONFIG), rejected: [{ path: '(link)', message: `${why} — defaults kept` }] }
}

function streamOf(bytes: Uint8Array<ArrayBuffer>): ReadableStream<BufferSource> {
  return new ReadableStream<BufferSource>({ start: (c) => { c.enqueue(bytes); c.close() } })
}

/** The inflated bytes; 'too big' past MAX_JSON_BYTES (reading stops there); undefined when not deflate-raw. */
async function inflateCapped(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array | 'too big' | undefined> {
  const reader = streamOf(bytes).pipeThrough(new DecompressionStream('deflate-raw')).getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      total += r.value.byteLength
      if (total > MAX_JSON_BYTES) {
        await reader.cancel().catch(() => undefined)
        return 'too big'
      }
      chunks.push(r.value)
    }
  } catch {
    return undefined
  }
  const all = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    all.set(c, at)
    at += c.byteLength
  }
  return all
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Undefined for anything but unpadded base64url (a length of 4k + 1 cannot come from whole bytes). */
function fromBase64Url(s: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return undefined
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(bin, (c) => c.charCodeAt(0))
}
