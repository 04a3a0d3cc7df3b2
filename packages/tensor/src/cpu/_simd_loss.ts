/**
 * The ten-class softmax/loss/gradient rows in WebAssembly SIMD, float64 throughout, with an exp of
 * its own: the host's `Math.exp` dominated the CPU loss (13 M calls per tutorial run).
 *
 * exp(x) for x ≤ 0: n = round(x·log2 e), r = x − n·ln 2 (Cody–Waite, two constants), e^r by its
 * Taylor polynomial of degree 13 (|r| ≤ 0.35: truncation below 0.03 ulp) and 2^n built in the
 * exponent bits; at most 1 ulp from `Math.exp` (`simd_loss_test.ts`). No fused multiply-add, so results are the same on every machine. Below −708 the
 * result is flushed to 0 (the true value is under 2^−1021: no float32 output or loss can see it,
 * since every row's sum of exponentials is at least 1).
 *
 * The row arithmetic follows `_loss.ts` operation for operation (sequential sums in the same order,
 * the label's MSE term kept apart), so the two agree to the last bit wherever the two exps do.
 *
 * Runtime-neutral.
 * @module
 */
import {
  add,
  countedLoop,
  F32,
  F64,
  f32DemoteF64,
  f32Gt,
  f32Load,
  f32Store,
  f32x4DemoteZero,
  f64,
  f64Add,
  f64Div,
  f64Load,
  f64Mul,
  f64PromoteF32,
  f64Store,
  f64Sub,
  f64x2Add,
  f64x2Const,
  f64x2Lt,
  f64x2Mul,
  f64x2Pmax,
  f64x2PromoteLow,
  f64x2Splat,
  f64x2Sub,
  funcBody,
  get,
  I32,
  i32,
  i64x2Add,
  i64x2Shl,
  ifElse,
  ifThen,
  load32,
  locals,
  mul,
  ne,
  select,
  set,
  shl,
  store32,
  tee,
  V128,
  vAndNot,
  vec,
  vload,
  vload64zero,
  vstore,
  vstore64lane0,
} from "./_wasm.ts";

/** Below this exp flushes to 0 (2^n stays a normal number down to here). */
export const EXP_FLUSH_BELOW = -708;
const LOG2E = Math.LOG2E;
const MAGIC = 6755399441055744; // 1.5·2^52: adding it rounds to an integer held in the low bits
const LN2_HI = 0.6931471803691238; // trailing zero bits: n·LN2_HI is exact
const LN2_LO = 1.9082149292705877e-10;
const DEGREE = 13;

/** Scratch v128 locals the exp sequence uses. */
interface ExpLocals {
  readonly x: number;
  readonly k: number;
  readonly nf: number;
  readonly r: number;
  readonly m: number;
  readonly r2: number;
  readonly r4: number;
  /** First of {@link EXP_CONSTANTS}.length locals holding the constants (see {@link expConstants}). */
  readonly consts: number;
}

/** The exp's constants, held in locals: V8 rebuilds a `v128.const` from immediates at every use. */
const EXP_CONSTANTS: readonly number[] = [
  EXP_FLUSH_BELOW,
  LOG2E,
  MAGIC,
  LN2_HI,
  LN2_LO,
  1,
  ...Array.from({ length: DEGREE - 1 }, (_, i) => 1 / factorial(i + 2)),
];

/** Sets the constants' locals (once, before the loop). */
function expConstants(base: number): number[] {
  return EXP_CONSTANTS.flatMap((v, i) => [...f64x2Const(v), ...set(base + i)]);
}

/** Replaces the two float64 lanes of local `v` by their exp. */
function expVec(v: number, t: ExpLocals): number[][] {
  const k = (value: number) => get(t.consts + EXP_CONSTANTS.indexOf(value));
  // e^r = 1 + (r + r²·Q(r)), Q = Σ r^(k−2)/k! for k = 2…13 by Estrin's scheme (r², r⁴, r⁸ and
  // pairs of coefficients): 11 operations deep instead of Horner's 26, and the two final additions,
  // which carry nearly all the rounding error, are the same as Horner's.
  const c = (j: number) => (j < 2 ? k(1) : get(t.consts + 4 + j));
  const pair = (j: number) => [c(j), get(t.r), c(j + 1), f64x2Mul, f64x2Add]; // P_j = c_j + c_{j+1}·r
  const quad = (j: number) => [...pair(j), ...pair(j + 2), get(t.r2), f64x2Mul, f64x2Add]; // Q_j = P_j + P_{j+2}·r²
  const poly = [
    get(t.r),
    get(t.r),
    f64x2Mul,
    tee(t.r2),
    get(t.r2),
    f64x2Mul,
    set(t.r4),
    k(1),
    get(t.r),
    get(t.r2),
    // Q = (Q2 + Q6·r⁴) + Q10·r⁸ = ((P2 + P4·r²) + (P6 + P8·r²)·r⁴) + (P10 + P12·r²)·r⁸
    ...quad(2),
    ...quad(6),
    get(t.r4),
    f64x2Mul,
    f64x2Add,
    ...quad(10),
    get(t.r4),
    get(t.r4),
    f64x2Mul,
    f64x2Mul,
    f64x2Add,
    f64x2Mul,
    f64x2Add,
    f64x2Add,
  ];
  return [
    get(v),
    k(EXP_FLUSH_BELOW),
    f64x2Lt,
    set(t.m),
    get(v),
    k(EXP_FLUSH_BELOW),
    f64x2Pmax,
    set(t.x),
    get(t.x),
    k(LOG2E),
    f64x2Mul,
    k(MAGIC),
    f64x2Add,
    tee(t.k),
    k(MAGIC),
    f64x2Sub,
    set(t.nf),
    get(t.x),
    get(t.nf),
    k(LN2_HI),
    f64x2Mul,
    f64x2Sub,
    get(t.nf),
    k(LN2_LO),
    f64x2Mul,
    f64x2Sub,
    set(t.r),
    ...poly,
    // 2^n: the low bits of k hold n + 2^51; shifted into the exponent field they leave n·2^52.
    get(t.k),
    i32(52),
    i64x2Shl,
    k(1),
    i64x2Add,
    f64x2Mul,
    get(t.m),
    vAndNot,
    set(v),
  ];
}

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

/** Type of `exp64(src, dst, pairs)`. */
export const EXP_TYPE = [0x60, ...vec([[I32], [I32], [I32]]), 0];

/** exp64(src, dst, pairs): dst[i] = exp(src[i]) for `2·pairs` float64s (for tests of the exp). */
export function expFunction(): number[] {
  const [I, V] = [3, 4];
  const t = { x: 5, k: 6, nf: 7, r: 8, m: 9, r2: 10, r4: 11, consts: 12 };
  const at = (base: number) => [...get(base), ...get(I), ...i32(4), ...shl, ...add];
  return funcBody(locals([1, I32], [8 + EXP_CONSTANTS.length, V128]), [
    ...expConstants(t.consts),
    ...countedLoop(I, 2, at(0), vload(0), set(V), ...expVec(V, t), at(1), get(V), vstore(0)),
  ]);
}

/** Type of `loss10(z, labels, n, grad, out, args, mse, scratch, gscale)`. */
export const LOSS_TYPE = [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32], [I32], [I32], [F64]]), 0];

/**
 * loss10(z, labels, n, grad, out, args, mse, scratch, gscale), per row i of ten float32 logits:
 * args[i] = first argmax; grad row (when `grad` ≠ 0) as in `_loss.ts` with `gscale` = 2/(10n) for
 * MSE and 1/n for cross-entropy; out[i] (float64) = the row's MSE, or for cross-entropy the sum of
 * exponentials (the host adds log(sum) + max − z_y). `labels` are u32; `scratch` holds 80 bytes.
 */
export function lossFunction(): number[] {
  const [Z, LAB, N, G, OUT, ARGS, MSE, SCR, GS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [I, ZR, Y, ARG, GR, GT] = [9, 10, 11, 12, 13, 14];
  const [MAX, V] = [15, 16];
  const [SUM, OTH, PY, DY, DOT] = [17, 18, 19, 20, 21];
  const E = [22, 23, 24, 25, 26];
  const T = 27;
  const t = { x: 28, k: 29, nf: 30, r: 31, m: 32, r2: 33, r4: 34, consts: 35 };
  const K5 = [0, 1, 2, 3, 4];
  const C10 = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const row = (base: number, shift: number) => [...get(base), ...get(I), ...i32(shift), ...shl, ...add];
  const p = (c: number) => [...get(SCR), ...f64Load(8 * c)];
  // Branch-free (the winner is unpredictable): arg = v > max ? c : arg; max = v > max ? v : max.
  const argmax = C10.slice(1).flatMap((c) => [
    i32(c),
    get(ARG),
    get(ZR),
    f32Load(4 * c),
    tee(V),
    get(MAX),
    f32Gt,
    tee(GT),
    select,
    set(ARG),
    get(V),
    get(MAX),
    get(GT),
    select,
    set(MAX),
  ]);
  const gradLabel = [...get(GR), ...get(Y), ...i32(2), ...shl, ...add];
  const mse = [
    f64(0),
    set(OTH),
    ...C10.flatMap((c) => [
      get(OTH),
      p(c),
      p(c),
      f64Mul,
      f64(0),
      get(Y),
      i32(c),
      ne,
      select,
      f64Add,
      set(OTH),
    ]),
    get(PY),
    f64(1),
    f64Sub,
    set(DY),
    row(OUT, 3),
    get(OTH),
    get(DY),
    get(DY),
    f64Mul,
    f64Add,
    f64(10),
    f64Div,
    f64Store(0),
    get(G),
    ifThen(
      get(OTH),
      get(PY),
      get(DY),
      f64Mul,
      f64Add,
      tee(DOT),
      f64x2Splat,
      set(T),
      get(GS),
      f64x2Splat,
      set(t.x),
      ...K5.flatMap((k) => [
        get(GR),
        get(E[k]),
        get(E[k]),
        get(T),
        f64x2Sub,
        f64x2Mul,
        get(t.x),
        f64x2Mul,
        f32x4DemoteZero,
        vstore64lane0(8 * k),
      ]),
      gradLabel,
      get(PY),
      get(DY),
      get(DOT),
      f64Sub,
      f64Mul,
      get(GS),
      f64Mul,
      f32DemoteF64,
      f32Store(0),
    ),
  ];
  const crossEntropy = [
    row(OUT, 3),
    get(SUM),
    f64Store(0),
    get(G),
    ifThen(
      get(GS),
      f64x2Splat,
      set(t.x),
      ...K5.flatMap((k) => [get(GR), get(E[k]), get(t.x), f64x2Mul, f32x4DemoteZero, vstore64lane0(8 * k)]),
      gradLabel,
      get(PY),
      f64(1),
      f64Sub,
      get(GS),
      f64Mul,
      f32DemoteF64,
      f32Store(0),
    ),
  ];
  return funcBody(locals([6, I32], [2, F32], [5, F64], [13 + EXP_CONSTANTS.length, V128]), [
    ...expConstants(t.consts),
    ...countedLoop(
      I,
      N,
      get(Z),
      get(I),
      i32(40),
      mul,
      add,
      tee(ZR),
      f32Load(0),
      set(MAX),
      i32(0),
      set(ARG),
      ...argmax,
      row(ARGS, 2),
      get(ARG),
      store32(0),
      row(LAB, 2),
      load32(0),
      set(Y),
      get(G),
      get(I),
      i32(40),
      mul,
      add,
      set(GR),
      // x = z − max, exactly as the host computes it: float32 logits promoted to float64.
      get(MAX),
      f64PromoteF32,
      f64x2Splat,
      set(T),
      ...K5.flatMap((k) => [get(ZR), vload64zero(8 * k), f64x2PromoteLow, get(T), f64x2Sub, set(E[k])]),
      ...K5.flatMap((k) => expVec(E[k], t)),
      ...K5.flatMap((k) => [get(SCR), get(E[k]), vstore(16 * k)]),
      p(0),
      ...C10.slice(1).flatMap((c) => [p(c), f64Add]),
      set(SUM),
      // p = e · (1/sum), as the host does.
      f64(1),
      get(SUM),
      f64Div,
      f64x2Splat,
      set(T),
      ...K5.flatMap((k) => [get(SCR), get(E[k]), get(T), f64x2Mul, tee(E[k]), vstore(16 * k)]),
      get(SCR),
      get(Y),
      i32(3),
      shl,
      add,
      f64Load(0),
      set(PY),
      get(MSE),
      ifElse(mse, crossEntropy),
    ),
  ]);
}
