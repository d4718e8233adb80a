import { create } from 'zustand'
import type { HistoryEntry } from '../export/runHistory'

const KEEP_KEY = 'crypto-studio-keep-weights'
/** Weights are kept for this many of the newest runs unless the user says otherwise. */
export const DEFAULT_KEEP_WEIGHTS = 3

/** The Runs panel: every recorded training run, and the ones picked for comparing. */
export interface RunsState {
  /** Newest first; undefined until listed. */
  runs?: HistoryEntry[]
  /** Ids of the runs to compare, in the order they were picked. */
  compare: string[]
  /** How many of the newest runs keep their weights in the browser. */
  keepWeights: number
  /** What the last action did ("Forked …"). */
  notes: string[]
  /** The last action's failure; what the panel showed before stays. */
  error?: string
}

export function storedKeepWeights(): number {
  const n = Number(globalThis.localStorage?.getItem(KEEP_KEY) ?? NaN)
  return Number.isInteger(n) && n >= 0 && n <= 50 ? n : DEFAULT_KEEP_WEIGHTS
}

export function storeKeepWeights(n: number): void {
  localStorage.setItem(KEEP_KEY, String(n))
}

// Its own store: run history is not part of the run configuration a link or a save carries.
export const useRuns = create<RunsState>()(() => ({ compare: [], keepWeights: storedKeepWeights(), notes: [] }))
