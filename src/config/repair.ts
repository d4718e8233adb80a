import type { core } from 'zod'
import { DEFAULT_CONFIG, runConfigSchema, type RunConfig } from './runConfig'

/** One field a link or file carried that the studio did not take: dotted path (`data.pairs`) and why. */
export interface Rejection {
  path: string
  message: string
}

export interface RepairedConfig {
  config: RunConfig
  rejected: Rejection[]
}

type Path = readonly PropertyKey[]

// Each round resets at least one new path or climbs one level, and the config is at most 5 levels deep,
// so a few dozen rounds is far more than any input needs; past it the whole default is the answer.
const MAX_ROUNDS = 64

/**
 * Takes every field of `input` that the schema accepts and replaces each one it rejects with DEFAULT_CONFIG's
 * value there. Arrays are replaced whole: the default has no element to match a bad one against. A rule across
 * fields (train + val < 1, macd fast < slow) that still fails after its field is reset resets the parent.
 */
export function repairRunConfig(input: unknown): RepairedConfig {
  let current: unknown = input
  const rejected = new Map<string, { issuePath: Path; message: string }>()
  const resetBefore = new Set<string>()
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const r = runConfigSchema.safeParse(current)
    if (r.success) return { config: r.data, rejected: render(rejected) }
    const resetNow: Path[] = []
    // a rule across fields may fail only because one of its fields is out of range (train 0.99 + val 0.15):
    // fields first, and rules in a later round against what is left
    const fieldIssues = r.error.issues.filter((i) => i.code !== 'custom')
    for (const issue of fieldIssues.length > 0 ? fieldIssues : r.error.issues) {
      let target = resetTarget(issue)
      if (resetNow.some((p) => isWithin(target, p))) continue
      // resetting this path did not satisfy the schema last round: a rule spans its siblings, so take the parent
      while (target.length > 0 && resetBefore.has(key(target))) target = target.slice(0, -1)
      record(rejected, target, issue)
      current = setAt(current, target, valueAt(DEFAULT_CONFIG, target))
      resetNow.push(target)
    }
    for (const p of resetNow) resetBefore.add(key(p))
  }
  return { config: structuredClone(DEFAULT_CONFIG), rejected: [{ path: '(root)', message: 'the configuration could not be repaired; defaults kept' }] }
}

/** The path to reset for an issue: stops at arrays, and at a union whose `kind` is unknown. */
function resetTarget(issue: core.$ZodIssue): Path {
  const path = issue.path
  if (issue.code === 'invalid_union' && 'discriminator' in issue && path[path.length - 1] === issue.discriminator) {
    return path.slice(0, -1)
  }
  let node: unknown = DEFAULT_CONFIG
  for (let i = 0; i < path.length; i++) {
    if (Array.isArray(node)) return path.slice(0, i)
    node = isRecord(node) ? node[path[i] as string] : undefined
  }
  return path
}

/** Keeps one entry per reset path; a parent reset absorbs its children and keeps the first reason given. */
function record(rejected: Map<string, { issuePath: Path; message: string }>, target: Path, issue: core.$ZodIssue): void {
  let first: { issuePath: Path; message: string } | undefined
  for (const [k, v] of rejected) {
    if (!isWithin(v.issuePath, target) && !isWithin(pathOf(k), target)) continue
    first ??= v
    rejected.delete(k)
  }
  rejected.set(key(target), first ?? { issuePath: issue.path, message: issue.message })
}

/** In the order of the configuration's fields, whichever round found them. */
function render(rejected: Map<string, { issuePath: Path; message: string }>): Rejection[] {
  return [...rejected].sort(([a], [b]) => compareRanks(rank(pathOf(a)), rank(pathOf(b)))).map(([k, v]) => {
    const inner = v.issuePath.slice(pathOf(k).length).map(String).join('.')
    return { path: k, message: inner ? `${inner}: ${v.message}` : v.message }
  })
}

/** Each segment's position among DEFAULT_CONFIG's keys there; a key the default lacks (fileName) comes last. */
function rank(path: string[]): number[] {
  let node: unknown = DEFAULT_CONFIG
  return path.map((seg) => {
    const keys = isRecord(node) ? Object.keys(node) : []
    const at = isRecord(node) ? keys.indexOf(seg) : Number(seg)
    node = isRecord(node) ? node[seg] : undefined
    return at < 0 ? keys.length : at
  })
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

function key(path: Path): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.')
}

function pathOf(k: string): string[] {
  return k === '(root)' ? [] : k.split('.')
}

function isWithin(path: Path, parent: Path): boolean {
  return parent.length <= path.length && parent.every((p, i) => String(p) === String(path[i]))
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root
  for (const p of path) node = isRecord(node) ? node[p as string] : undefined
  return node === undefined ? undefined : structuredClone(node)
}

/** A copy of `root` with `value` at `path` (the key removed when undefined); `root` itself is never changed. */
function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value
  const [head, ...rest] = path as [PropertyKey, ...PropertyKey[]]
  const copy: Record<string, unknown> = isRecord(root) ? { ...root } : {}
  const next = setAt(copy[head as string], rest, value)
  if (next === undefined) delete copy[head as string]
  else copy[head as string] = next
  return copy
}
