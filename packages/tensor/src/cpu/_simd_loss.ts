/**
 * The ten-class softmax/loss/gradient rows in WebAssembly SIMD (`loss10`), float64 throughout, with
 * the module's own exp (`_simd_exp.ts`). The host finishes each call (`_simd_loss_host.ts`).
 *
 * The row arithmetic follows `_loss.ts` operation for operation (sequential sums in the same order,
 * the label's MSE term kept apart), so the two agree to the last bit wherever the two exps do.
 *
 * Runtime-neutral.
 * @module
 */
import { EXP_LOCALS, type ExpLocal, expConstants, expVec } from "./_simd_exp.ts";
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
  f64x2Mul,
  f64x2PromoteLow,
  f64x2Splat,
  f64x2Sub,
  i32,
  ifElse,
  ifThen,
  load32,
  mul,
  ne,
  select,
  shl,
  store32,
  vload64zero,
  vstore,
  vstore64lane0,
} from "./_wasm.ts";
import { type WasmFunction, wasmFunction } from "./_wasm_builder.ts";

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
 * args[i] = first argmax; grad row (when `grad` ≠ 0) as in `_loss.ts` with `gscale` from
 * `lossGradScale` (2/(10n) for MSE, 1/n for cross-entropy); out[i] (float64) = the row's MSE, or for
 * cross-entropy the sum of exponentials (the host adds log(sum) + max − z_y, `loss10Sums`). `labels`
 * are u32; `scratch` holds {@link PROB_ROW_BYTES} bytes.
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
