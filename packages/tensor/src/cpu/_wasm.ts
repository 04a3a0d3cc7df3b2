/**
 * A few lines of WebAssembly binary encoder: sections, LEB128 numbers and the instructions the
 * hand-written SIMD kernels use (`_simd_module.ts`, `_simd_exp.ts`, `_simd_loss.ts`); variables,
 * functions and the module's sections are laid out by `_wasm_builder.ts`. No assembler, no build step.
 *
 * Runtime-neutral.
 * @module
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit values). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const name = (s: string): number[] => [...uleb(s.length), ...new TextEncoder().encode(s)];
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
// Constants.
export const i32 = (v: number): number[] => [0x41, ...sleb(v)];
export function f64(v: number): number[] {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, v, true);
  return [0x44, ...bytes];
}

// i32 arithmetic and comparisons.
export const [add, sub, mul, and, xor, shl, shrU] = [[0x6a], [0x6b], [0x6c], [0x71], [0x73], [0x74], [0x76]];
export const [ne, ltU, geU, gtU, eqz, popcnt] = [[0x47], [0x49], [0x4f], [0x4b], [0x45], [0x69]];

// Scalar floats.
export const [f32Gt, f64Add, f64Sub, f64Mul, f64Div, f64PromoteF32, f32DemoteF64] = [
  [0x5e],
  [0xa0],
  [0xa1],
  [0xa2],
  [0xa3],
  [0xbb],
  [0xb6],
];

// Memory (natural alignment).
export const load32 = (offset: number): number[] => [0x28, 2, ...uleb(offset)];
export const store32 = (offset: number): number[] => [0x36, 2, ...uleb(offset)];
export const f32Load = (offset: number): number[] => [0x2a, 2, ...uleb(offset)];
export const f32Store = (offset: number): number[] => [0x38, 2, ...uleb(offset)];
export const f64Load = (offset: number): number[] => [0x2b, 3, ...uleb(offset)];
export const f64Store = (offset: number): number[] => [0x39, 3, ...uleb(offset)];

// Control.
export const block = (...body: number[][]): number[] => [0x02, 0x40, ...body.flat(), 0x0b];
export const loop = (...body: number[][]): number[] => [0x03, 0x40, ...body.flat(), 0x0b];
export const ifThen = (...body: number[][]): number[] => [0x04, 0x40, ...body.flat(), 0x0b];
export const ifElse = (then: number[][], otherwise: number[][]): number[] => [
  0x04,
  0x40,
  ...then.flat(),
  0x05,
  ...otherwise.flat(),
  0x0b,
];
export const br = (depth: number): number[] => [0x0c, ...uleb(depth)];
export const brIf = (depth: number): number[] => [0x0d, ...uleb(depth)];
export const select = [0x1b];
export const ret = [0x0f];
/** `call` of the function at `index` in the module's function table. */
export const call = (index: number): number[] => [0x10, ...uleb(index)];
// SIMD.
export const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
export const vload = (offset: number): number[] => simd(0x00, 0, ...uleb(offset));
export const vstore = (offset: number): number[] => simd(0x0b, 0, ...uleb(offset));
export const vload64zero = (offset: number): number[] => simd(0x5d, 0, ...uleb(offset));
export const vstore64lane0 = (offset: number): number[] => simd(0x5b, 0, ...uleb(offset), 0);
export const vstore64lane1 = (offset: number): number[] => simd(0x5b, 0, ...uleb(offset), 1);
/** `v128.load64_lane` into lane 1 (operands: address, vector). */
export const vload64lane1 = (offset: number): number[] => simd(0x57, 0, ...uleb(offset), 1);
export const vload32splat = (offset: number): number[] => simd(0x09, 0, ...uleb(offset));
export const vzero = simd(0x0c, ...new Array(16).fill(0));
/** `v128.const` of two equal float64 lanes. */
export function f64x2Const(v: number): number[] {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setFloat64(0, v, true);
  view.setFloat64(8, v, true);
  return simd(0x0c, ...bytes);
}
export const [fadd, fmul, bytesEq, bitmask] = [simd(0xe4), simd(0xe6), simd(0x23), simd(0x64)];
export const [f64x2Splat, f64x2PromoteLow, f32x4DemoteZero] = [simd(0x14), simd(0x5f), simd(0x5e)];
export const [f64x2Lt, f64x2Add, f64x2Sub, f64x2Mul, f64x2Pmax] = [
  simd(0x49),
  simd(0xf0),
  simd(0xf1),
  simd(0xf2),
  simd(0xf7),
];
export const [vAndNot, i64x2Shl, i64x2Add] = [simd(0x4f), simd(0xcb), simd(0xce)];

/** A function body: its locals declaration and code, sized. */
export function funcBody(localsDecl: number[], code: number[]): number[] {
  const b = [...localsDecl, ...code, 0x0b];
  return [...uleb(b.length), ...b];
}
export const [i8x16Swizzle, i8x16Splat, i8x16Add, i32x4Splat, i32x4Add] = [
  simd(0x0e),
  simd(0x0f),
  simd(0x6e),
  simd(0x11),
  simd(0xae),
];
export const [i32x4ExtendLowU16, i32x4ExtendHighU16] = [simd(0xa9), simd(0xaa)];
/** `i8x16.shuffle` with the given 16 lane indices (0–15 from the first operand, 16–31 the second). */
export const i8x16Shuffle = (lanes: readonly number[]): number[] => simd(0x0d, ...lanes);
