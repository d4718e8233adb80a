import type { ModelArtifactsData } from '../model/portable'
import type { NamedTensor } from './safetensors'

/**
 * The studio's weights (Keras layouts, tfjs names) as a PyTorch state_dict of model.py's DualStream, and back.
 *
 * - LSTM `L/kernel` [in, 4H] and `L/recurrent_kernel` [H, 4H] → `L.weight_ih_l0` [4H, in] and `L.weight_hh_l0`
 *   [4H, H], transposed. The gates are in the same order in both (Keras i, f, c, o; torch i, f, g, o: g is Keras's
 *   c, the candidate cell), so no block moves. Keras has one bias, torch two that are added: `L/bias` → `L.bias_ih_l0`,
 *   and `L.bias_hh_l0` = 0. Back, the studio's bias is bias_ih + bias_hh.
 * - Conv1D `L/kernel` [k, in, out] → `L.weight` [out, in, k] (both cross-correlate; torch's input is [batch, channels, time]).
 * - Dense `L/kernel` [in, out] → `L.weight` [out, in]. Every `L/bias` of these → `L.bias`.
 */
type Kind = 'lstm' | 'conv' | 'dense'

interface Spec {
  name: string
  shape: number[]
  dtype?: string
}

/** Layer name and weight of a tfjs weight name (`h1_lstm1/recurrent_kernel`), and the layer's kind. */
function describe(specs: readonly Spec[]): { spec: Spec; layer: string; weight: string; kind: Kind }[] {
  const lstms = new Set(specs.filter((s) => s.name.endsWith('/recurrent_kernel')).map((s) => s.name.slice(0, -'/recurrent_kernel'.length)))
  const kernelRank = new Map(specs.filter((s) => s.name.endsWith('/kernel')).map((s) => [s.name.slice(0, -'/kernel'.length), s.shape.length]))
  return specs.map((spec) => {
    const cut = spec.name.lastIndexOf('/')
    if (cut < 0) throw new Error(`export: weight ${spec.name} has no layer name; not a studio model`)
    const layer = spec.name.slice(0, cut), weight = spec.name.slice(cut + 1)
    const kind: Kind = lstms.has(layer) ? 'lstm' : kernelRank.get(layer) === 3 ? 'conv' : 'dense'
    if (!['kernel', 'recurrent_kernel', 'bias'].includes(weight)) throw new Error(`export: weight ${spec.name} is not a kernel or bias; the PyTorch export knows LSTM, Conv1D and Dense layers`)
    return { spec, layer, weight, kind }
  })
}

/** out[j, i] = a[i, j] for a [rows × cols]. */
function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!
  return out
}

/** [k, in, out] ↔ [out, in, k]: the same swap of the first and last axes both ways. */
function swapOuter(a: Float32Array, [d0, d1, d2]: number[]): Float32Array {
  const out = new Float32Array(a.length)
  for (let x = 0; x < d0!; x++) for (let y = 0; y < d1!; y++) for (let z = 0; z < d2!; z++) out[(z * d1! + y) * d0! + x] = a[(x * d1! + y) * d2! + z]!
  return out
}

const reversed = (shape: number[]) => [...shape].reverse()

/** The studio's weights as model.py's state_dict, in the studio's layer order. */
export function toTorchStateDict(a: Pick<ModelArtifactsData, 'weightSpecs' | 'weightData'>): NamedTensor[] {
  const values = new Float32Array(a.weightData)
  const out: NamedTensor[] = []
  let at = 0
  for (const { spec, layer, weight, kind } of describe(a.weightSpecs)) {
    if (spec.dtype !== undefined && spec.dtype !== 'float32') throw new Error(`export: weight ${spec.name} is ${spec.dtype}; the studio saves float32`)
    const size = spec.shape.reduce((x, y) => x * y, 1)
    const v = values.subarray(at, at + size)
    at += size
    const [r = 1, c = 1] = spec.shape
    if (kind === 'lstm') {
      if (weight === 'bias') {
        out.push({ name: `${layer}.bias_ih_l0`, shape: spec.shape, data: v.slice() }, { name: `${layer}.bias_hh_l0`, shape: spec.shape, data: new Float32Array(size) })
      } else {
        out.push({ name: `${layer}.${weight === 'kernel' ? 'weight_ih_l0' : 'weight_hh_l0'}`, shape: [c, r], data: transpose(v, r, c) })
      }
    } else if (weight === 'bias') {
      out.push({ name: `${layer}.bias`, shape: spec.shape, data: v.slice() })
    } else {
      out.push({ name: `${layer}.weight`, shape: reversed(spec.shape), data: kind === 'conv' ? swapOuter(v, spec.shape) : transpose(v, r, c) })
    }
  }
  if (at * 4 !== a.weightData.byteLength) throw new Error(`export: the weights hold ${a.weightData.byteLength} bytes but their specs ${at * 4}`)
  return out
}

/**
 * A state_dict written by train.py (or anything with model.py's names) as the studio's weights, in the order and
 * shapes `weightSpecs` (model.json's manifest) lists. Names a tensor that is missing or has the wrong shape.
 */
export function fromTorchStateDict(specs: readonly Spec[], tensors: ReadonlyMap<string, NamedTensor>, fileName = 'the .safetensors file'): ArrayBuffer {
  const total = specs.reduce((n, s) => n + s.shape.reduce((x, y) => x * y, 1), 0)
  const out = new Float32Array(total)
  let at = 0
  const used = new Set<string>()
  const take = (name: string, shape: number[]): Float32Array => {
    used.add(name)
    const t = tensors.get(name)
    if (!t) throw new Error(`load: ${fileName} has no tensor ${name}; it is not from this model (model.py's names: ${[...tensors.keys()].slice(0, 4).join(', ')}…)`)
    if (t.shape.join() !== shape.join()) throw new Error(`load: ${fileName}'s ${name} is [${t.shape}], the model needs [${shape}]; model.json and the weights are not the same network`)
    return t.data
  }
  for (const { spec, layer, weight, kind } of describe(specs)) {
    const [r = 1, c = 1] = spec.shape
    let v: Float32Array
    if (kind === 'lstm' && weight === 'bias') {
      const ih = take(`${layer}.bias_ih_l0`, spec.shape), hh = take(`${layer}.bias_hh_l0`, spec.shape)
      v = ih.map((x, i) => x + hh[i]!)
    } else if (kind === 'lstm') {
      v = transpose(take(`${layer}.${weight === 'kernel' ? 'weight_ih_l0' : 'weight_hh_l0'}`, [c, r]), c, r)
    } else if (weight === 'bias') {
      v = take(`${layer}.bias`, spec.shape)
    } else {
      const t = take(`${layer}.weight`, reversed(spec.shape))
      v = kind === 'conv' ? swapOuter(t, reversed(spec.shape)) : transpose(t, c, r)
    }
    out.set(v, at)
    at += v.length
  }
  const extra = [...tensors.keys()].filter((k) => !used.has(k))
  if (extra.length) throw new Error(`load: ${fileName} holds tensors this model does not have (${extra.slice(0, 4).join(', ')}); model.json and the weights are not the same network`)
  return out.buffer
}
