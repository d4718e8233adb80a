/**
 * `npm run bench -- lanes`: training steps of the seed network on wasm with the fused LSTM at threads × lanes
 * configurations (one thread on 8 lanes, two on 8, two on 2 — the split before lanes were a setting), in rounds,
 * in a worker; each round's ratio of two threads on 8 lanes to two on 2, and the median over rounds.
 */
import { writeFileSync } from 'node:fs'
import type { LanesBenchOptions, LanesBenchResult } from '../bench/page/types'
import { runInBrowser } from './benchBrowser'

export function parseLanesArgs(opt: (name: string) => string | undefined): LanesBenchOptions & { json?: string } {
  const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean)
  return {
    batches: list(opt('batch'))?.map(Number) ?? [32, 256],
    configs: [{ threads: 1, lanes: 8 }, { threads: 2, lanes: 8 }, { threads: 2, lanes: 2 }],
    rounds: Number(opt('rounds') ?? 5),
    seconds: Number(opt('seconds') ?? 2),
    json: opt('json'),
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

export async function benchLanesCommand(cmd: LanesBenchOptions & { json?: string }): Promise<void> {
  const { json, ...opts } = cmd
  const r = await runInBrowser<LanesBenchResult>('lanes', 1, [], opts)
  const name = (c: LanesBenchOptions['configs'][number]) => `${Math.min(c.threads, r.threads)}t/${c.lanes} lanes`
  console.log(`lanes: seed network, wasm, fused LSTM, in a worker; ${opts.rounds} rounds of ${opts.seconds} s rows; samples/s median over rounds [min–max]`)
  opts.batches.forEach((batch, bi) => {
    const cells = opts.configs.map((c, ci) => {
      const xs = r.samplesPerSec.map((round) => round[bi]![ci]!)
      return `${name(c)} ${median(xs).toFixed(1)} [${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]`
    })
    const eight = opts.configs.findIndex((c) => c.threads === 2 && c.lanes === 8), two = opts.configs.findIndex((c) => c.threads === 2 && c.lanes === 2)
    const ratios = r.samplesPerSec.map((round) => round[bi]![eight]! / round[bi]![two]!)
    console.log(`batch ${batch}: ${cells.join(', ')}; 2 threads 8 lanes / 2 lanes per round: ${ratios.map((x) => x.toFixed(3)).join(' ')} (median ${median(ratios).toFixed(3)})`)
  })
  if (json) writeFileSync(json, JSON.stringify({ ...opts, ...r }, null, 2) + '\n')
}
