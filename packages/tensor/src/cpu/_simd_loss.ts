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
import { CLASSES, PROB_ROW_BYTES, ROW_BYTES, ROW_PAIRS } from "./_simd_layout.ts";
import {
  add,
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
  i32,
  i64x2Add,
  i64x2Shl,
  ifElse,
  ifThen,
  load32,
  mul,
  ne,
  select,
  shl,
  store32,
  vAndNot,
  vload,
  vload64zero,
  vstore,
  vstore64lane0,
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
const EXP_LOCALS: Readonly<Record<string, ValueType>> = {
  x: "v128",
  k: "v128",
  nf: "v128",
  r: "v128",
  m: "v128",
  r2: "v128",
  r4: "v128",
  ...Object.fromEntries(Object.keys(EXP_CONSTANTS).map((name) => [name, "v128"])),
};
type ExpLocal = "x" | "k" | "nf" | "r" | "m" | "r2" | "r4" | ExpConstant;

/** Sets the constants' locals (once, before the loop). */
function expConstants(f: WasmFunction<ExpLocal>): number[] {
  return Object.entries(EXP_CONSTANTS).flatMap(([name, v]) => [
    ...f64x2Const(v),
    ...f.set(name as ExpConstant),
  ]);
}

/** Replaces the two float64 lanes of local `v` by their exp. */
function expVec<V extends string>(f: WasmFunction<ExpLocal | V>, v: V): number[][] {
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

type LossLocal =
  | "z"
  | "labels"
  | "n"
  | "grad"
  | "out"
  | "args"
  | "mse"
  | "scratch"
  | "gscale"
  | "i"
  | "zr"
  | "y"
  | "arg"
  | "gr"
  | "gt"
  | "max"
  | "v"
  | "sum"
  | "oth"
  | "py"
  | "dy"
  | "dot"
  | "e0"
  | "e1"
  | "e2"
  | "e3"
  | "e4"
  | "t"
  | ExpLocal;

/**
 * loss10(z, labels, n, grad, out, args, mse, scratch, gscale), per row i of ten float32 logits:
 * args[i] = first argmax; grad row (when `grad` ≠ 0) as in `_loss.ts` with `gscale` = 2/(10n) for
 * MSE and 1/n for cross-entropy; out[i] (float64) = the row's MSE, or for cross-entropy the sum of
 * exponentials (the host adds log(sum) + max − z_y). `labels` are u32; `scratch` holds
 * {@link PROB_ROW_BYTES} bytes.
 */
export function lossFunction(): WasmFunction<string> {
  const f = wasmFunction(
    "loss10",
    {
      z: "i32",
      labels: "i32",
      n: "i32",
      grad: "i32",
      out: "i32",
      args: "i32",
      mse: "i32",
      scratch: "i32",
      gscale: "f64",
    },
    {
      // zr: this row of z; gr: this row of grad; gt: whether the class beats the max so far.
      i: "i32",
      zr: "i32",
      y: "i32",
      arg: "i32",
      gr: "i32",
      gt: "i32",
      max: "f32",
      v: "f32",
      // oth: Σ p² over the other classes; py = p_y; dy = p_y − 1; dot = Σ p·d.
      sum: "f64",
      oth: "f64",
      py: "f64",
      dy: "f64",
      dot: "f64",
      // e0…e4: the row's exps, then probabilities, two classes each; t: a splat operand.
      e0: "v128",
      e1: "v128",
      e2: "v128",
      e3: "v128",
      e4: "v128",
      t: "v128",
      ...EXP_LOCALS,
    },
  ) as WasmFunction<LossLocal>;
  const E = Array.from({ length: ROW_PAIRS }, (_, k) => `e${k}` as LossLocal);
  const pairs = Array.from({ length: ROW_PAIRS }, (_, k) => k);
  const classes = Array.from({ length: CLASSES }, (_, c) => c);
  const row = (base: LossLocal, shift: number) => [
    ...f.get(base),
    ...f.get("i"),
    ...i32(shift),
    ...shl,
    ...add,
  ];
  const p = (c: number) => [...f.get("scratch"), ...f64Load(8 * c)];
  // Branch-free (the winner is unpredictable): arg = v > max ? c : arg; max = v > max ? v : max.
  const argmax = classes
    .slice(1)
    .flatMap((c) => [
      i32(c),
      f.get("arg"),
      f.get("zr"),
      f32Load(4 * c),
      f.tee("v"),
      f.get("max"),
      f32Gt,
      f.tee("gt"),
      select,
      f.set("arg"),
      f.get("v"),
      f.get("max"),
      f.get("gt"),
      select,
      f.set("max"),
    ]);
  const gradLabel = [...f.get("gr"), ...f.get("y"), ...i32(2), ...shl, ...add];
  const mse = [
    f64(0),
    f.set("oth"),
    ...classes.flatMap((c) => [
      f.get("oth"),
      p(c),
      p(c),
      f64Mul,
      f64(0),
      f.get("y"),
      i32(c),
      ne,
      select,
      f64Add,
      f.set("oth"),
    ]),
    f.get("py"),
    f64(1),
    f64Sub,
    f.set("dy"),
    row("out", 3),
    f.get("oth"),
    f.get("dy"),
    f.get("dy"),
    f64Mul,
    f64Add,
    f64(CLASSES),
    f64Div,
    f64Store(0),
    f.get("grad"),
    ifThen(
      f.get("oth"),
      f.get("py"),
      f.get("dy"),
      f64Mul,
      f64Add,
      f.tee("dot"),
      f64x2Splat,
      f.set("t"),
      f.get("gscale"),
      f64x2Splat,
      f.set("x"), // the exp's scratch, free here
      ...pairs.flatMap((k) => [
        f.get("gr"),
        f.get(E[k]),
        f.get(E[k]),
        f.get("t"),
        f64x2Sub,
        f64x2Mul,
        f.get("x"),
        f64x2Mul,
        f32x4DemoteZero,
        vstore64lane0(8 * k),
      ]),
      gradLabel,
      f.get("py"),
      f.get("dy"),
      f.get("dot"),
      f64Sub,
      f64Mul,
      f.get("gscale"),
      f64Mul,
      f32DemoteF64,
      f32Store(0),
    ),
  ];
  const crossEntropy = [
    row("out", 3),
    f.get("sum"),
    f64Store(0),
    f.get("grad"),
    ifThen(
      f.get("gscale"),
      f64x2Splat,
      f.set("x"),
      ...pairs.flatMap((k) => [
        f.get("gr"),
        f.get(E[k]),
        f.get("x"),
        f64x2Mul,
        f32x4DemoteZero,
        vstore64lane0(8 * k),
      ]),
      gradLabel,
      f.get("py"),
      f64(1),
      f64Sub,
      f.get("gscale"),
      f64Mul,
      f32DemoteF64,
      f32Store(0),
    ),
  ];
  return f.define(
    expConstants(f),
    f.countedLoop(
      "i",
      "n",
      f.get("z"),
      f.get("i"),
      i32(ROW_BYTES),
      mul,
      add,
      f.tee("zr"),
      f32Load(0),
      f.set("max"),
      i32(0),
      f.set("arg"),
      ...argmax,
      row("args", 2),
      f.get("arg"),
      store32(0),
      row("labels", 2),
      load32(0),
      f.set("y"),
      f.get("grad"),
      f.get("i"),
      i32(ROW_BYTES),
      mul,
      add,
      f.set("gr"),
      // x = z − max, exactly as the host computes it: float32 logits promoted to float64.
      f.get("max"),
      f64PromoteF32,
      f64x2Splat,
      f.set("t"),
      ...pairs.flatMap((k) => [
        f.get("zr"),
        vload64zero(8 * k),
        f64x2PromoteLow,
        f.get("t"),
        f64x2Sub,
        f.set(E[k]),
      ]),
      ...pairs.flatMap((k) => expVec(f, E[k])),
      ...pairs.flatMap((k) => [f.get("scratch"), f.get(E[k]), vstore(16 * k)]),
      p(0),
      ...classes.slice(1).flatMap((c) => [p(c), f64Add]),
      f.set("sum"),
      // p = e · (1/sum), as the host does.
      f64(1),
      f.get("sum"),
      f64Div,
      f64x2Splat,
      f.set("t"),
      ...pairs.flatMap((k) => [
        f.get("scratch"),
        f.get(E[k]),
        f.get("t"),
        f64x2Mul,
        f.tee(E[k]),
        vstore(16 * k),
      ]),
      f.get("scratch"),
      f.get("y"),
      i32(3),
      shl,
      add,
      f64Load(0),
      f.set("py"),
      f.get("mse"),
      ifElse(mse, crossEntropy),
    ),
  );
}

/**
 * The host's half of `loss10`: the loss sum and correct count of `n` rows from the module's per-row
 * outputs, each row's confusion cell counted where `confusion` is given. The cross-entropy of a row
 * is `log Σ e + max − z_y`: the sum `out[i]` from the module, the log the host's, once a row.
 * @param z the rows' logits, `n × CLASSES`.
 * @param y the rows' labels.
 * @param out loss10's float64 per row: the MSE, or the sum of exps.
 * @param args loss10's argmax per row.
 * @returns `[lossSum, correct]`.
 */
export function loss10Sums(
  z: Float32Array,
  y: Uint32Array,
  out: Float64Array,
  args: Uint32Array,
  mse: boolean,
  confusion: Uint32Array | null,
): [number, number] {
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < out.length; i++) {
    const label = y[i];
    const arg = args[i];
    if (arg === label) correct++;
    if (confusion !== null) confusion[label * CLASSES + arg]++;
    lossSum += mse ? out[i] : Math.log(out[i]) + z[i * CLASSES + arg] - z[i * CLASSES + label];
  }
  return [lossSum, correct];
}
