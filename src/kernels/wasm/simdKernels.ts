import { assemble } from './wasmAsm'
import { cellBackwardFunction, cellForwardFunction, cellForwardFunctionFma } from './wasmCellCode'
import { copyRowsFunction } from './wasmCopyCode'
import { gemmFunction, gemmFunctionFma } from './wasmGemmCode'
import type { SimdKernels, WasmFn, WasmFunction } from './types'

/**
 * The fused LSTM's wasm SIMD kernels (gemm, cellForward, cellBackward, copyRows) and the memory they work
 * in. Measured on Zen 4: the GEMM ~30 GFLOP/s against ~4 for the scalar JS loops, and the cell
 * kernels turn ~12 ns per Math.exp into ~1 ns per lane. Where the engine has relaxed SIMD (Chrome
 * ≥ 114) the GEMM's multiply-adds are FMAs: 17-19 → 22-25 G multiply-adds/s on the LSTM's shapes.
 *
 * The module is assembled and compiled synchronously on first use: about 3 KB, under the 4 KB Chrome
 * allows for synchronous compiles on the main thread (simdKernels.test.ts guards it; in a worker
 * there is no limit). Where wasm SIMD is missing (Safari < 16.4, old engines) or switched off
 * with `setSimdEnabled(false)`, `simd()` is null, callers use JS and `simdOffReason()` says why.
 * One arena per process: kernels run one at a time on the JS thread, and each call lays out its
 * own operands from `scratchStart()`, so nothing there outlives a call; below it lie the regions kept from one
 * call to another (`keepRegion`: the fused LSTM's training reserves, from forward to backward). Where the arena is shared,
 * the LSTM helper thread (lstmThreads.ts) works in it too, but only inside an LSTM call, on
 * regions that call gave it. Wasm memory never shrinks: the arena stays at its largest size, which for the
 * seed network at batch 256 is a training step's four LSTM reserves kept at once (T·B·7H floats each: 27.5,
 * 13.8, 12.8 and 6.4 MB at window 60, the 15m stream's LSTMs seeing 56 steps after its two convolutions) plus
 * one call's scratch.
 */

/**
 * Most 64 KiB pages a shared arena may grow to (1 GiB; a shared memory must declare its maximum).
 */
export const SHARED_MAX_PAGES = 16384

let kernels: SimdKernels | null | undefined
/** Why building the kernels failed, once it has. */
let failure: string | undefined
let enabled = true

/** Whether this context may share memory with a worker: SharedArrayBuffer exists and, in a browser, the page is cross-origin isolated. */
function canShare(): boolean {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated
  return typeof SharedArrayBuffer === 'function' && isolated !== false
}

function newMemory(shared: boolean): WebAssembly.Memory {
  return shared ? new WebAssembly.Memory({ initial: 16, maximum: SHARED_MAX_PAGES, shared: true }) : new WebAssembly.Memory({ initial: 16 })
}

/**
 * Builds the kernels, or says why it could not: tries relaxed SIMD (Chrome ≥ 114) then plain SIMD, each on a
 * shared memory where allowed, then a private one. `build` is the assembler (a test passes a broken one).
 * Never throws: without the kernels the JS loops run instead, so the reason is all a caller can show.
 */
export function instantiate(build: typeof assemble = assemble): SimdKernels | string {
  if (typeof WebAssembly !== 'object') return 'this engine has no WebAssembly'
  const failures: string[] = []
  try {
    for (const shared of canShare() ? [true, false] : [false]) {
      for (const fma of [true, false]) {
        const variant = `${fma ? 'relaxed SIMD' : 'SIMD'}${shared ? ' on shared memory' : ''}`
        const bytes = build(moduleFunctions(fma), shared ? SHARED_MAX_PAGES : undefined)
        if (!WebAssembly.validate(bytes)) {
          failures.push(`${variant}: ${compileError(bytes)}`)
          continue
        }
        try {
          return kernelsOn(new WebAssembly.Module(bytes), newMemory(shared), fma)
        } catch (e) {
          // e.g. a shared memory refused (no cross-origin isolation after all): try the next variant
          failures.push(`${variant}: ${(e as Error).message}`)
        }
      }
    }
    return `no variant of the kernels compiles here (${failures.join('; ')})`
  } catch (e) {
    return `building the kernels failed: ${(e as Error).message}`
  }
}

/** The module's functions: with `fma` the relaxed-SIMD GEMM and cell. */
export function moduleFunctions(fma: boolean): WasmFunction[] {
  return fma
    ? [gemmFunctionFma, cellForwardFunctionFma, cellBackwardFunction, copyRowsFunction]
    : [gemmFunction, cellForwardFunction, cellBackwardFunction, copyRowsFunction]
}

/** Why the engine refuses a module: validate() says only no, compiling says where. Runs only on that failure path. */
function compileError(bytes: Uint8Array<ArrayBuffer>): string {
  try {
    new WebAssembly.Module(bytes)
    return 'the module does not validate'
  } catch (e) {
    return (e as Error).message
  }
}

/** The kernels of a compiled module on a memory: here, and in the LSTM helper thread on the memory it was sent. */
export function kernelsOn(module: WebAssembly.Module, memory: WebAssembly.Memory, fma: boolean): SimdKernels {
  const { exports } = new WebAssembly.Instance(module, { env: { mem: memory } })
  let heap = new Float32Array(memory.buffer)
  return {
    fma, module, memory,
    gemm: exports['gemm'] as WasmFn,
    cellForward: exports['cellForward'] as WasmFn,
    cellBackward: exports['cellBackward'] as WasmFn,
    copyRows: exports['copyRows'] as WasmFn,
    arena(floats) {
      const missing = floats * 4 - memory.buffer.byteLength
      if (missing > 0) {
        try {
          memory.grow(Math.ceil(missing / 65536))
        } catch (e) {
          throw new Error(`fusedLstm: the wasm kernels need ${Math.ceil(floats * 4 / 2 ** 20)} MB of memory and could not get it `
            + `(${(e as Error).message}); a smaller batch size needs less`)
        }
      }
      // A shared memory grown by another thread shows its new length through a fresh `buffer`.
      if (heap.buffer !== memory.buffer || heap.length * 4 !== memory.buffer.byteLength) heap = new Float32Array(memory.buffer)
      return heap
    },
  }
}

/** The kernels, or null where wasm SIMD is unavailable or switched off (simdOffReason says why). */
export function simd(): SimdKernels | null {
  if (!enabled) return null
  if (kernels === undefined) {
    const built = instantiate()
    kernels = typeof built === 'string' ? null : built
    failure = typeof built === 'string' ? built : undefined
  }
  return kernels
}

/**
 * Why `simd()` is null, undefined while the kernels run: the JS fallback is many times slower, so the Train cell
 * and the bench show this rather than let an engine without SIMD, or an assembler bug, pass as a slow machine.
 * Builds the kernels first if nothing has yet.
 */
export function simdOffReason(): string | undefined {
  if (!enabled) return 'switched off by setSimdEnabled(false)'
  simd()
  return failure
}

/** Switches the SIMD kernels off or on, for tests and benchmarks that compare them with JS. */
export function setSimdEnabled(on: boolean): void {
  enabled = on
}

/** Rounds a float index up to a 16-byte boundary so vector loads are aligned. */
export const align4 = (i: number): number => (i + 3) & ~3

/** Rounds a float index up to a 64-byte boundary, a cache line: blocks that different threads write never share one. */
export const alignLine = (i: number): number => (i + 15) & ~15

/**
 * Regions of the arena kept from one call to a later one — the fused LSTM's training reserve, from a layer's
 * forward pass to its backward pass, so neither copies it in or out. They sit at the bottom of the arena, one
 * after another; every call lays its scratch out from `scratchStart()`, above them. A region released out of
 * order leaves a hole until the regions above it are released too. Each region may name an owner (the fused LSTM
 * names the gradient tape its forward pass ran under), so that `releaseKeptNotOwnedBy` can drop what a finished
 * computation left: a forward pass whose backward never came (a gradient taken with respect to other tensors, a
 * step that failed halfway).
 */
interface Kept { id: number; at: number; floats: number; live: boolean; owner: unknown }
let kept: Kept[] = []
let nextKept = 1

/** Where a call's scratch may begin (floats): above every kept region, holes included. */
export function scratchStart(): number {
  const top = kept[kept.length - 1]
  return top === undefined ? 0 : alignLine(top.at + top.floats)
}

/** Keeps `floats` floats of the arena (grown as needed) until released; its id (below 2²⁴, exact in a float32) and offset. */
export function keepRegion(k: SimdKernels, floats: number, owner?: unknown): { id: number; at: number } {
  const at = scratchStart()
  k.arena(at + floats)
  const id = nextKept
  nextKept = nextKept >= 0xffffff ? 1 : nextKept + 1
  kept.push({ id, at, floats, live: true, owner })
  return { id, at }
}

/** The offset and size of a kept region, undefined once released. */
export function keptRegion(id: number): { at: number; floats: number } | undefined {
  const r = kept.find((x) => x.id === id && x.live)
  return r && { at: r.at, floats: r.floats }
}

/** Releases a region; the arena above the highest region still kept becomes scratch again. */
export function releaseRegion(id: number): void {
  const r = kept.find((x) => x.id === id)
  if (r) r.live = false
  popReleased()
}

/** Releases every kept region whose owner is not `owner`. */
export function releaseKeptNotOwnedBy(owner: unknown): void {
  for (const r of kept) if (r.owner !== owner) r.live = false
  popReleased()
}

/** Drops released regions from the top of the stack; one below a region still kept stays a hole until that goes. */
function popReleased(): void {
  while (kept.length > 0 && !kept[kept.length - 1]!.live) kept.pop()
}

/**
 * C[0:m, 0:n] (+)= A · B through the SIMD gemm for operands in ordinary Float32Arrays: copies
 * the spans it reads into the arena and the span of C back. m % 4 = 0, n % 8 = 0, k ≥ 1, and
 * B's rows contiguous: A[i, k] = a[aOff + i·aRow + k·aK], B[k, j] = b[bOff + j + k·bK].
 * Copies are O(size) against O(size·k) arithmetic.
 */
export function simdGemmBlock(
  s: SimdKernels, m: number, n: number, k: number,
  a: Float32Array, aOff: number, aRow: number, aK: number,
  b: Float32Array, bOff: number, bK: number,
  c: Float32Array, cOff: number, cRow: number,
  accumulate: boolean,
): void {
  const aLen = (m - 1) * aRow + (k - 1) * aK + 1
  const bLen = (k - 1) * bK + n
  const cLen = (m - 1) * cRow + n
  const pa = scratchStart(), pb = align4(pa + aLen), pc = align4(pb + bLen)
  const heap = s.arena(pc + cLen)
  heap.set(a.subarray(aOff, aOff + aLen), pa)
  heap.set(b.subarray(bOff, bOff + bLen), pb)
  // With strided rows the copy back writes the gaps too, so they must go in unchanged.
  if (accumulate || cRow !== n) heap.set(c.subarray(cOff, cOff + cLen), pc)
  s.gemm(m, n, k, pa * 4, aRow * 4, aK * 4, pb * 4, bK * 4, pc * 4, cRow * 4, accumulate ? 1 : 0)
  c.set(heap.subarray(pc, pc + cLen), cOff)
}
