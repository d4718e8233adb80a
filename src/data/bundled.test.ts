import { describe, expect, it } from 'vitest'
import { commonWindow } from './bundled'

const H = 3_600_000
const T = 1_714_521_600_000 // 2024-05-01T00:00Z

describe('commonWindow', () => {
  it('takes the overlap, ending at the earlier last close', () => {
    // 1h from T-100h to T+10h (last close T+11h); 15m from T to T+10h45m (last close T+11h)
    expect(commonWindow({ '1h': T - 100 * H, '15m': T }, { '1h': T + 10 * H, '15m': T + 10 * H + 2_700_000 }, 1e6)).toEqual([T, T + 11 * H])
    // 15m ends at T+10h15m (close T+10h30m): the last whole hour both cover ends at T+10h
    expect(commonWindow({ '1h': T, '15m': T }, { '1h': T + 10 * H, '15m': T + 10 * H + 900_000 }, 1e6)).toEqual([T, T + 10 * H])
  })

  it('rounds a 15m start up to the hour and caps at the most recent maxHours', () => {
    expect(commonWindow({ '1h': T, '15m': T + 900_000 }, { '1h': T + 99 * H, '15m': T + 99 * H + 2_700_000 }, 1e6)).toEqual([T + H, T + 100 * H])
    expect(commonWindow({ '1h': T, '15m': T }, { '1h': T + 99 * H, '15m': T + 99 * H + 2_700_000 }, 30)).toEqual([T + 70 * H, T + 100 * H])
  })
})
