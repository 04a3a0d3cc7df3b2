/**
 * The float64 exp of the SIMD module, two lanes at a time: the host's `Math.exp` dominated the CPU
 * loss (13 M calls per tutorial run), so the loss kernel (`_simd_loss.ts`) inlines this one.
 *
 * exp(x) for x ≤ 0: n = round(x·log2 e), r = x − n·ln 2 (Cody–Waite, two constants), e^r by its
 * Taylor polynomial of degree 13 (|r| ≤ 0.35: truncation below 0.03 ulp) and 2^n built in the
 * exponent bits; at most 1 ulp from `Math.exp` (`simd_loss_test.ts`). No fused multiply-add, so
 * results are the same on every machine. Below −708 the result is flushed to 0 (the true value is
 * under 2^−1021: no float32 output or loss can see it, since every row's sum of exponentials is at
 * least 1).
 *
 * Runtime-neutral.
 * @module
 */
import {
  add,
  f64x2Add,
  f64x2Const,
  f64x2Lt,
  f64x2Mul,
  f64x2Pmax,
  f64x2Sub,
  i32,
  i64x2Add,
  i64x2Shl,
  shl,
  vAndNot,
  vload,
  vstore,
} from "./_wasm.ts";
import { type ValueType, type WasmFunction, wasmFunction } from "./_wasm_builder.ts";

/** Below this exp flushes to 0 (2^n stays a normal number down to here). */
export const EXP_FLUSH_BELOW = -708;
const MAGIC = 6755399441055744; // 1.5·2^52: adding it rounds to an integer held in the low bits
const DEGREE = 13;

/**
 * The exp's constants, held in v128 locals of these names: V8 rebuilds a `v128.const` from immediates
 * at every use. `f2` … `f13` are the Taylor coefficients 1/k!.
 */
const EXP_CONSTANTS: Readonly<Record<string, number>> = {
  flush: EXP_FLUSH_BELOW,
  log2e: Math.LOG2E,
  magic: MAGIC,
  ln2Hi: 0.6931471803691238, // trailing zero bits: n·ln2Hi is exact
  ln2Lo: 1.9082149292705877e-10,
  one: 1,
  ...Object.fromEntries(Array.from({ length: DEGREE - 1 }, (_, i) => [`f${i + 2}`, 1 / factorial(i + 2)])),
};
type ExpConstant = "flush" | "log2e" | "magic" | "ln2Hi" | "ln2Lo" | "one" | `f${number}`;

/** The exp's scratch vectors, then its constants: the last locals of a function that uses {@link expVec}. */
export const EXP_LOCALS: Readonly<Record<string, ValueType>> = {
  x: "v128",
  k: "v128",
  nf: "v128",
  r: "v128",
  m: "v128",
  r2: "v128",
  r4: "v128",
  ...Object.fromEntries(Object.keys(EXP_CONSTANTS).map((name) => [name, "v128"])),
};
export type ExpLocal = "x" | "k" | "nf" | "r" | "m" | "r2" | "r4" | ExpConstant;

/** Sets the constants' locals (once, before the loop). */
export function expConstants(f: WasmFunction<ExpLocal>): number[] {
  return Object.entries(EXP_CONSTANTS).flatMap(([name, v]) => [
    ...f64x2Const(v),
    ...f.set(name as ExpConstant),
  ]);
}

/** Replaces the two float64 lanes of local `v` by their exp. */
export function expVec<V extends string>(f: WasmFunction<ExpLocal | V>, v: V): number[][] {
  const get = (name: ExpLocal | V) => f.get(name);
  // e^r = 1 + (r + r²·Q(r)), Q = Σ r^(k−2)/k! for k = 2…13 by Estrin's scheme (r², r⁴, r⁸ and
  // pairs of coefficients): 11 operations deep instead of Horner's 26, and the two final additions,
  // which carry nearly all the rounding error, are the same as Horner's.
  const c = (j: number) => get(j < 2 ? "one" : `f${j}`);
  const pair = (j: number) => [c(j), get("r"), c(j + 1), f64x2Mul, f64x2Add]; // P_j = c_j + c_{j+1}·r
  const quad = (j: number) => [...pair(j), ...pair(j + 2), get("r2"), f64x2Mul, f64x2Add]; // Q_j = P_j + P_{j+2}·r²
  const poly = [
    get("r"),
    get("r"),
    f64x2Mul,
    f.tee("r2"),
    get("r2"),
    f64x2Mul,
    f.set("r4"),
    get("one"),
    get("r"),
    get("r2"),
    // Q = (Q2 + Q6·r⁴) + Q10·r⁸ = ((P2 + P4·r²) + (P6 + P8·r²)·r⁴) + (P10 + P12·r²)·r⁸
    ...quad(2),
    ...quad(6),
    get("r4"),
    f64x2Mul,
    f64x2Add,
    ...quad(10),
    get("r4"),
    get("r4"),
    f64x2Mul,
    f64x2Mul,
    f64x2Add,
    f64x2Mul,
    f64x2Add,
    f64x2Add,
  ];
  return [
    get(v),
    get("flush"),
    f64x2Lt,
    f.set("m"),
    get(v),
    get("flush"),
    f64x2Pmax,
    f.set("x"),
    get("x"),
    get("log2e"),
    f64x2Mul,
    get("magic"),
    f64x2Add,
    f.tee("k"),
    get("magic"),
    f64x2Sub,
    f.set("nf"),
    get("x"),
    get("nf"),
    get("ln2Hi"),
    f64x2Mul,
    f64x2Sub,
    get("nf"),
    get("ln2Lo"),
    f64x2Mul,
    f64x2Sub,
    f.set("r"),
    ...poly,
    // 2^n: the low bits of k hold n + 2^51; shifted into the exponent field they leave n·2^52.
    get("k"),
    i32(52),
    i64x2Shl,
    get("one"),
    i64x2Add,
    f64x2Mul,
    get("m"),
    vAndNot,
    f.set(v),
  ];
}

function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}

/** exp64(src, dst, pairs): dst[i] = exp(src[i]) for `2·pairs` float64s (for tests of the exp). */
export function expFunction(): WasmFunction<string> {
  const f = wasmFunction(
    "exp64",
    { src: "i32", dst: "i32", pairs: "i32" },
    { i: "i32", v: "v128", ...EXP_LOCALS },
  ) as WasmFunction<"src" | "dst" | "pairs" | "i" | "v" | ExpLocal>;
  const at = (base: "src" | "dst") => [...f.get(base), ...f.get("i"), ...i32(4), ...shl, ...add];
  return f.define(
    expConstants(f),
    f.countedLoop(
      "i",
      "pairs",
      at("src"),
      vload(0),
      f.set("v"),
      ...expVec(f, "v"),
      at("dst"),
      f.get("v"),
      vstore(0),
    ),
  );
}
