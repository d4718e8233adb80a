/**
 * `npm run bench -- lanes`: training steps of the seed network on wasm with the fused LSTM at threads × lanes
 * configurations (`--configs`, threads×lanes; by default one thread on 8 lanes, two on 8, two on 2 — the split
 * before lanes were a setting), in rounds, in a worker; per thread count each round's ratio of 8 lanes to 2.
 */
import { writeFileSync } from 'node:fs'
import type { LanesBenchOptions, LanesBenchResult } from '../bench/page/types'
import { runInBrowser } from './benchBrowser'

export function parseLanesArgs(opt: (name: string) => string | undefined): LanesBenchOptions & { json?: string } {
  const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean)
  return {
    batches: list(opt('batch'))?.map(Number) ?? [32, 256],
    // threads×lanes, e.g. 1x8,2x8,2x2
    configs: (list(opt('configs')) ?? ['1x8', '2x8', '2x2']).map((c) => {
      const [threads, lanes] = c.split('x').map(Number)
      return { threads: threads!, lanes: lanes! }
    }),
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
    console.log(`batch ${batch}: ${cells.join(', ')}`)
    // Each thread count's 8 lanes against its 2 lanes, round by round.
    for (const t of [...new Set(opts.configs.map((c) => c.threads))]) {
      const eight = opts.configs.findIndex((c) => c.threads === t && c.lanes === 8), two = opts.configs.findIndex((c) => c.threads === t && c.lanes === 2)
      if (eight < 0 || two < 0) continue
      const ratios = r.samplesPerSec.map((round) => round[bi]![eight]! / round[bi]![two]!)
      console.log(`  ${t} thread(s), 8 lanes / 2 lanes per round: ${ratios.map((x) => x.toFixed(3)).join(' ')} (median ${median(ratios).toFixed(3)})`)
    }
  })
  if (json) writeFileSync(json, JSON.stringify({ ...opts, ...r }, null, 2) + '\n')
}
