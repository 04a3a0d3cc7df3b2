/**
 * The group's element-wise kernels of the SIMD module, each the wasm form of a host loop that a group
 * member runs, to the bit: `sgdK` (plain SGD, `_optimizers.ts`), `biasK` (the bias added to the
 * logits) and `gbK` (the bias gradient's float64 row sums), for `K` models at once.
 *
 * Float64 arithmetic is exactly rounded and lane-wise, so `f64x2` gives what the host's scalar
 * doubles give; a float32 sum of two float32s equals the host's double sum rounded to float32 (53
 * bits are more than twice 24 + 2), so `f32x4.add` gives what `out[i] = z[i] + b[c]` stores.
 *
 * Runtime-neutral.
 * @module
 */
import { ROW_BYTES, ROW_PAIRS } from "./_simd_layout.ts";
import { loadRow, updateRow } from "./_simd_row.ts";
import {
  add,
  block,
  br,
  brIf,
  f32DemoteF64,
  f32Load,
  f32Store,
  f32x4DemoteZero,
  f64Load,
  f64Mul,
  f64PromoteF32,
  f64Sub,
  f64x2Add,
  f64x2Mul,
  f64x2PromoteLow,
  f64x2Splat,
  f64x2Sub,
  fadd,
  geU,
  gtU,
  i8x16Shuffle,
  i32,
  loop,
  mul,
  shl,
  vload,
  vload64zero,
  vstore,
  vstore64lane0,
  vzero,
} from "./_wasm.ts";
import { type WasmFunction, wasmFunction } from "./_wasm_builder.ts";

/** The high two float32 lanes moved to the low two (for `f64x2.promote_low_f32x4`). */
const HIGH_TO_LOW = i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]);
/** Two demoted halves (each in its low two lanes) joined into one float32 vector. */
const JOIN_LOW = i8x16Shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);

/**
 * `p = base + m·n·ROW_BYTES; for i < n { body; p += ROW_BYTES }`: model `m`'s `n` rows of a `K·n`-row
 * array, `p` at each in turn.
 */
function forEachRowOfModel<N extends string>(
  f: WasmFunction<N | "m" | "n" | "i" | "p">,
  base: N,
  ...body: number[][]
): number[] {
  return [
    ...f.get(base),
    ...f.get("m"),
    ...f.get("n"),
    ...mul,
    ...i32(ROW_BYTES),
    ...mul,
    ...add,
    ...f.set("p"),
    ...f.countedLoop("i", "n", ...body, f.get("p"), i32(ROW_BYTES), add, f.set("p")),
  ];
}

/**
 * sgdK(w, g, count, K, stride, lrs): for k < K and j < count, w_k[j] = f32(f64(w_k[j]) −
 * lr_k · f64(g_k[j])), with w_k = w + k·stride, g_k = g + k·stride and lr_k the float64 at
 * lrs + 8k: `param[i] -= lr * grad[i]` on float32 arrays.
 */
export function sgdK(): WasmFunction<string> {
  const f = wasmFunction(
    "sgdK",
    { w: "i32", g: "i32", count: "i32", K: "i32", stride: "i32", lrs: "i32" },
    { m: "i32", j: "i32", p: "i32", q: "i32", lr: "f64", lrv: "v128", a: "v128", b: "v128" },
  );
  // f32(f64(w) − lr·f64(g)) of a's and b's low two lanes, or of their high two.
  const lanes = (v: "a" | "b", high: boolean) =>
    high ? [...f.get(v), ...f.get(v), ...HIGH_TO_LOW] : f.get(v);
  const half = (high: boolean) => [
    ...lanes("a", high),
    ...f64x2PromoteLow,
    ...f.get("lrv"),
    ...lanes("b", high),
    ...f64x2PromoteLow,
    ...f64x2Mul,
    ...f64x2Sub,
    ...f32x4DemoteZero,
  ];
  const advance = [
    ...f.get("p"),
    ...i32(4),
    ...add,
    ...f.set("p"),
    ...f.get("q"),
    ...i32(4),
    ...add,
    ...f.set("q"),
  ];
  return f.define(
    f.countedLoop(
      "m",
      "K",
      f.get("lrs"),
      f.get("m"),
      i32(3),
      shl,
      add,
      f64Load(0),
      f.tee("lr"),
      f64x2Splat,
      f.set("lrv"),
      f.get("w"),
      f.get("m"),
      f.get("stride"),
      mul,
      add,
      f.set("p"),
      f.get("g"),
      f.get("m"),
      f.get("stride"),
      mul,
      add,
      f.set("q"),
      i32(0),
      f.set("j"),
      block(
        loop(
          f.get("j"),
          i32(4),
          add,
          f.get("count"),
          gtU,
          brIf(1),
          f.get("p"),
          vload(0),
          f.set("a"),
          f.get("q"),
          vload(0),
          f.set("b"),
          f.get("p"),
          half(false),
          half(true),
          JOIN_LOW,
          vstore(0),
          f.get("p"),
          i32(16),
          add,
          f.set("p"),
          f.get("q"),
          i32(16),
          add,
          f.set("q"),
          f.get("j"),
          i32(4),
          add,
          f.set("j"),
          br(0),
        ),
      ),
      block(
        loop(
          f.get("j"),
          f.get("count"),
          geU,
          brIf(1),
          f.get("p"),
          f.get("p"),
          f32Load(0),
          f64PromoteF32,
          f.get("lr"),
          f.get("q"),
          f32Load(0),
          f64PromoteF32,
          f64Mul,
          f64Sub,
          f32DemoteF64,
          f32Store(0),
          advance,
          f.get("j"),
          i32(1),
          add,
          f.set("j"),
          br(0),
        ),
      ),
    ),
  );
}

/** biasK(out, n, K, b): out_k[i][c] = f32(out_k[i][c] + b_k[c]), out_k = out + k·n·ROW_BYTES, b_k = b + k·ROW_BYTES. */
export function biasK(): WasmFunction<string> {
  const f = wasmFunction(
    "biasK",
    { out: "i32", n: "i32", K: "i32", b: "i32" },
    { m: "i32", i: "i32", p: "i32", v0: "v128", v1: "v128", v2: "v128" },
  );
  const bias = ["v0", "v1", "v2"] as const;
  return f.define(
    f.countedLoop(
      "m",
      "K",
      f.get("b"),
      f.get("m"),
      i32(ROW_BYTES),
      mul,
      add,
      loadRow(f, "p", bias),
      forEachRowOfModel(f, "out", ...updateRow(f, "p", (part) => [...f.get(bias[part]), ...fadd])),
    ),
  );
}

/**
 * gbK(g, n, K, gb): gb_k[c] = f32(Σ_i f64(g_k[i][c])), summed in row order from +0 in float64, with
 * g_k = g + k·n·ROW_BYTES and gb_k = gb + k·ROW_BYTES: the host's bias-gradient loop.
 */
export function gbK(): WasmFunction<string> {
  const sums = ["s0", "s1", "s2", "s3", "s4"] as const;
  const f = wasmFunction(
    "gbK",
    { g: "i32", n: "i32", K: "i32", gb: "i32" },
    { m: "i32", i: "i32", p: "i32", s0: "v128", s1: "v128", s2: "v128", s3: "v128", s4: "v128" },
  );
  if (sums.length !== ROW_PAIRS) throw new RangeError("Cannot build gbK: rows are not 5 class pairs");
  return f.define(
    f.countedLoop(
      "m",
      "K",
      vzero,
      f.tee("s0"),
      f.tee("s1"),
      f.tee("s2"),
      f.tee("s3"),
      f.set("s4"),
      forEachRowOfModel(
        f,
        "g",
        ...sums.map((s, c) => [
          ...f.get(s),
          ...f.get("p"),
          ...vload64zero(8 * c),
          ...f64x2PromoteLow,
          ...f64x2Add,
          ...f.set(s),
        ]),
      ),
      ...sums.map((s, c) => [
        ...f.get("gb"),
        ...f.get("m"),
        ...i32(ROW_BYTES),
        ...mul,
        ...add,
        ...f.get(s),
        ...f32x4DemoteZero,
        ...vstore64lane0(8 * c),
      ]),
    ),
  );
}
