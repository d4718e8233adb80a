import { add, bump, get, loop, vload, vstore } from './wasmAsm'
import type { WasmFunction } from './types'

/**
 * `copyRows(src, srcRow, dst, dstRow, rows, bytes)`, all i32, pointers and strides in BYTES: copies `rows` rows of
 * `bytes` bytes (a multiple of 16) from src to dst, the rows srcRow and dstRow bytes apart, in f32x4 loads and
 * stores (unaligned is allowed). The fused LSTM's lane jobs move their rows between the reserve's time-major planes
 * and the batch-major tensors with it, on whichever thread runs the lane: as JS element loops on the calling thread
 * these transposes took ~8 ms of a batch-256 training step of the seed network.
 */
const SRC = 0, SROW = 1, DST = 2, DROW = 3, ROWS = 4, BYTES = 5
const R = 6, J = 7

export const copyRowsFunction: WasmFunction = {
  name: 'copyRows',
  params: 6,
  i32s: 2,
  v128s: 0,
  body: loop(R, get(ROWS), 1, [
    ...loop(J, get(BYTES), 16, vstore(add(get(DST), get(J)), vload(add(get(SRC), get(J))))),
    ...bump(SRC, get(SROW)),
    ...bump(DST, get(DROW)),
  ]),
}
