import { create } from 'zustand'
import type { PaperAccount } from '../eval/live/paper'
import type { LiveScores } from '../eval/live/score'
import type { LiveSession } from '../export/liveSessions'

/**
 * The Live cell's state, a store of its own: live mode runs beside the notebook (it reads the run's snapshot, not
 * the cells' current settings), so nothing the other cells reset touches it.
 */
export interface LiveState {
  /** idle: no session; running: refreshing on schedule; stopped: kept, not refreshing. */
  status: 'idle' | 'starting' | 'running' | 'stopped'
  /** The API base URL a new session fetches from. */
  baseUrl: string
  session?: LiveSession
  /** Where the model came from and what runs it. */
  model?: { name: string; backend: string; params: number }
  scores?: LiveScores
  account?: PaperAccount
  /** The last 15m close per coin at the latest refresh: where the price is inside the running hour's band. */
  last15m: Record<string, { openTime: number; close: number }>
  /** Exchange time (epoch ms) of the next scheduled refresh. */
  nextAt?: number
  refreshing: boolean
  /** While the exchange cannot be reached or a refresh failed: why, and when it tries again (exchange time). */
  retry?: { message: string; at: number; attempt: number }
  /** A start or continue that failed: the message, shown in the cell; a running session is kept. */
  error?: string
  notes: string[]
  /** Coin whose bands the chart draws. */
  selected?: string
}

export const useLive = create<LiveState>()(() => ({ status: 'idle', baseUrl: '', last15m: {}, refreshing: false, notes: [] }))
