import * as tf from '@tensorflow/tfjs'
import type { KernelTime } from './types'

/** One entry of `tf.profile(...).kernels`. */
export type ProfiledKernel = Awaited<ReturnType<typeof tf.profile>>['kernels'][number]

/**
 * The entries that are kernels registered for `backend`. The profiler also lists each tf.customGrad call
 * under its scope's name ('unnamed scope'): it launches nothing itself and its time includes the kernels
 * it runs, so counting it would double the time and inflate the count.
 */
export function launchedKernels(kernels: readonly ProfiledKernel[], backend: string): ProfiledKernel[] {
  return kernels.filter((k) => tf.getKernel(k.name, backend) != null)
}

/**
 * Kernel time summed by name, longest first, at most `n` names. A backend without a timer (a GPU lacking
 * timer queries) reports `{ error }` instead of milliseconds: that counts as 0 ms.
 */
export function topKernels(kernels: readonly ProfiledKernel[], n = 6): KernelTime[] {
  const byName = new Map<string, KernelTime>()
  for (const k of kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0
    const t = byName.get(k.name) ?? { name: k.name, count: 0, ms: 0 }
    t.count++
    t.ms += ms
    byName.set(k.name, t)
  }
  return [...byName.values()].sort((a, b) => b.ms - a.ms).slice(0, n)
}
