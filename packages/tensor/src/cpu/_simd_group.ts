/**
 * `forwardK` of the SIMD module: the logits of `K` ten-class models on the same rows, each model
 * bit-identical to `forward10` on its own weights (`backwardK` is in `_simd_group_backward.ts`).
 *
 * What the models share is the decode: a block of up to {@link GROUP_BLOCK_ROWS} rows' entries
 * (`(feature << 8) | pixel`) is turned once into `[feature · ROW_BYTES, pixel scale]` pairs in a
 * scratch, and the models then walk that block two at a time (their rows stay in cache meanwhile),
 * each pair sharing every entry's scale and row offset. Each model's sums run in `forward10`'s
 * order: a row's entries paired into the same even/odd accumulators, added at the end.
 *
 * Scratch layout (see {@link groupScratchBytes}): {@link GROUP_BLOCK_ROWS} u32 byte addresses (the
 * end of each block row's decoded entries), then the 8-byte decoded entries.
 *
 * Runtime-neutral.
 * @module
 */
import { backwardScratchBytes } from "./_simd_group_backward.ts";
import {
  blockRowsOfModel,
  decodedEntry,
  forEachBlockRow,
  forEachRowBlock,
  packedClasses89,
  pixelScaleBits,
  rowsPerModel,
  whileEntries,
  whileModelsLeft,
  whileRoom,
  wordAddress,
} from "./_simd_group_fragments.ts";
import { LANES_0_3, LANES_4_7, LANES_8_9, ROW_BYTES } from "./_simd_layout.ts";
import { accumulateRow, PAIRED_ROW_LOCALS } from "./_simd_row.ts";
import {
  add,
  block,
  brIf,
  fadd,
  fmul,
  geU,
  gtU,
  i32,
  load32,
  mul,
  shrU,
  store32,
  vload,
  vstore,
  vstore64lane0,
  vstore64lane1,
  vzero,
} from "./_wasm.ts";
import { type WasmFunction, wasmFunction } from "./_wasm_builder.ts";

/**
 * Rows decoded at a time: enough that each model's pass over a block amortises its weights coming
 * into cache, few enough that the decoded block stays in cache across the models.
 */
export const GROUP_BLOCK_ROWS = 16;
/** Bytes of one decoded entry: its weight row's byte offset (u32) and its pixel scale (f32). */
const DECODED_BYTES = 8;
const ENTRIES_AT = GROUP_BLOCK_ROWS * 4;

/**
 * Bytes of scratch `forwardK`/`backwardK` need for `n` rows of at most `features` entries each.
 * @param n rows per call.
 * @param features pixels per row (the most entries a row can have).
 */
export function groupScratchBytes(n: number, features: number): number {
  return Math.max(
    ENTRIES_AT + Math.min(n, GROUP_BLOCK_ROWS) * features * DECODED_BYTES,
    backwardScratchBytes(n, features),
  );
}

const GROUP_LOCALS = {
  i0: "i32",
  bn: "i32",
  i: "i32",
  j: "i32",
  end: "i32",
  ent: "i32",
  s: "i32",
  send: "i32",
  m: "i32",
  base: "i32",
  at: "i32",
  a: "i32",
  a2: "i32",
  b: "i32",
  b2: "i32",
  nrow: "i32",
  ...PAIRED_ROW_LOCALS,
  ea0: "v128",
  ea1: "v128",
  eb0: "v128",
  eb1: "v128",
  eab: "v128",
  oa0: "v128",
  oa1: "v128",
  ob0: "v128",
  ob1: "v128",
  oab: "v128",
  t: "v128",
} as const;
type GroupLocal = keyof typeof GROUP_LOCALS;
type GroupKernel = WasmFunction<GroupLocal | "rows" | "n" | "K" | "w" | "wStride" | "out" | "scratch">;

/**
 * The rows in blocks of {@link GROUP_BLOCK_ROWS}, each block first decoded: its rows' entries as
 * `[feature · ROW_BYTES, scale]` from `scratch + ENTRIES_AT`, and the address past each row's last
 * at `scratch[i]`; then `body` over the block.
 */
function forEachBlock(f: GroupKernel, ...body: number[][]): number[] {
  const decode = forEachBlockRow(
    f,
    "at",
    whileEntries(
      f,
      f.get("s"),
      f.get("j"),
      load32(0),
      f.tee("ent"),
      i32(8),
      shrU,
      i32(ROW_BYTES),
      mul,
      store32(0),
      f.get("s"),
      pixelScaleBits(f),
      store32(4),
      f.get("s"),
      i32(DECODED_BYTES),
      add,
      f.set("s"),
    ),
    wordAddress(f, "scratch", "i"),
    f.get("s"),
    store32(0),
  );
  return forEachRowBlock(f, GROUP_BLOCK_ROWS, firstEntry(f), decode, ...body);
}

/** `s = scratch + ENTRIES_AT`: back to the block's first decoded entry. */
function firstEntry(f: GroupKernel): number[] {
  return [...f.get("scratch"), ...i32(ENTRIES_AT), ...add, ...f.set("s")];
}

/**
 * `while m + step ≤ K { base = w + m·wStride; at = out + (m·n + i0)·ROW_BYTES; s = first
 * entry; for i < bn { send = scratch[i]; body; at += ROW_BYTES } m += step }`: the passes of one
 * model (step 1) or two (step 2: the second model's weights at `base + wStride`, its rows at
 * `at + n·ROW_BYTES`) over the block, continuing from the current `m`.
 */
function forEachModel(f: GroupKernel, step: 1 | 2, ...body: number[][]): number[] {
  return whileModelsLeft(
    f,
    step,
    f.get("w"),
    f.get("m"),
    f.get("wStride"),
    mul,
    add,
    f.set("base"),
    blockRowsOfModel(f, "out"),
    f.set("at"),
    firstEntry(f),
    f.countedLoop(
      "i",
      "bn",
      wordAddress(f, "scratch", "i"),
      load32(0),
      f.set("send"),
      ...body,
      f.get("at"),
      i32(ROW_BYTES),
      add,
      f.set("at"),
    ),
  );
}

/**
 * Loads the decoded entry at `s + offset` into `xs` (splat scale) and `a` (its weight row in the
 * current model: `base` + offset).
 */
function decoded(f: GroupKernel, offset: number, xs: GroupLocal, a: GroupLocal): number[][] {
  return decodedEntry(f, offset, "base", xs, a);
}

/** The accumulators (forward) or logit-gradient rows (backward) of a pass over two models A and B. */
type PairSet = readonly [
  a0_3: GroupLocal,
  a4_7: GroupLocal,
  b0_3: GroupLocal,
  b4_7: GroupLocal,
  ab8_9: GroupLocal,
];
const EVEN: PairSet = ["ea0", "ea1", "eb0", "eb1", "eab"];
const ODD: PairSet = ["oa0", "oa1", "ob0", "ob1", "oab"];

/** Model B's classes 8–9 beside model A's, from rows at `a` and `b`: see {@link packedClasses89}. */
function packed89(f: GroupKernel, a: GroupLocal, b: GroupLocal): number[] {
  return packedClasses89(f.get(a), f.get(b));
}

/** {@link decoded} for two models: also `b`, model B's row (`a + wStride`). */
function decodedPair(f: GroupKernel, offset: number, xs: GroupLocal, a: GroupLocal, b: GroupLocal): number[] {
  return [...decoded(f, offset, xs, a).flat(), ...f.get(a), ...f.get("wStride"), ...add, ...f.set(b)];
}

/**
 * forwardK(rows, n, K, w, wStride, out, scratch): for each model k < K, exactly
 * `forward10(rows, n, w + k·wStride, out + k·n·ROW_BYTES)`. Models run two at a time (then an odd
 * last one alone): each decoded entry's scale and row offset serve both, and their classes 8–9
 * share one vector ({@link packed89}).
 */
export function forwardK(): GroupKernel {
  const f: GroupKernel = wasmFunction(
    "forwardK",
    { rows: "i32", n: "i32", K: "i32", w: "i32", wStride: "i32", out: "i32", scratch: "i32" },
    GROUP_LOCALS,
  );
  const acc = (v: GroupLocal, xs: GroupLocal, load: number[]) => [
    ...f.get(v),
    ...f.get(xs),
    ...load,
    ...fmul,
    ...fadd,
    ...f.set(v),
  ];
  const five = (set: PairSet, xs: GroupLocal, a: GroupLocal, b: GroupLocal) => [
    acc(set[0], xs, [...f.get(a), ...vload(LANES_0_3)]),
    acc(set[1], xs, [...f.get(a), ...vload(LANES_4_7)]),
    acc(set[2], xs, [...f.get(b), ...vload(LANES_0_3)]),
    acc(set[3], xs, [...f.get(b), ...vload(LANES_4_7)]),
    acc(set[4], xs, packed89(f, a, b)),
  ];
  const sum = (x: GroupLocal, y: GroupLocal) => [...f.get(x), ...f.get(y), ...fadd];
  const step = 2 * DECODED_BYTES;
  // Entry pairs into the two accumulator sets, two pairs per iteration, then a last pair, then an odd
  // last entry into the first set: forward10's order.
  const entries = (pairAt: (offset: number) => number[][], last: number[][]) => [
    whileRoom(f, 2 * step, ...pairAt(0), ...pairAt(step)),
    block(
      f.get("s"),
      i32(step),
      add,
      f.get("send"),
      gtU,
      brIf(0),
      ...pairAt(0),
      f.get("s"),
      i32(step),
      add,
      f.set("s"),
    ),
    block(f.get("s"), f.get("send"), geU, brIf(0), ...last),
    f.get("send"),
    f.set("s"),
  ];
  const zero = (names: readonly GroupLocal[]) => [
    vzero,
    ...names.slice(0, -1).map((v) => f.tee(v)),
    f.set(names[names.length - 1]),
  ];
  const twoModels = forEachModel(
    f,
    2,
    ...zero([...EVEN, ...ODD]),
    ...entries(
      (at) => [
        decodedPair(f, at, "xs", "a", "b"),
        ...five(EVEN, "xs", "a", "b"),
        decodedPair(f, at + DECODED_BYTES, "xs2", "a2", "b2"),
        ...five(ODD, "xs2", "a2", "b2"),
      ],
      [decodedPair(f, 0, "xs", "a", "b"), ...five(EVEN, "xs", "a", "b")],
    ),
    f.get("at"),
    sum("ea0", "oa0"),
    vstore(LANES_0_3),
    f.get("at"),
    sum("ea1", "oa1"),
    vstore(LANES_4_7),
    f.get("at"),
    sum("eab", "oab"),
    f.tee("t"),
    vstore64lane0(LANES_8_9),
    f.get("at"),
    f.get("nrow"),
    add,
    f.tee("b"),
    sum("eb0", "ob0"),
    vstore(LANES_0_3),
    f.get("b"),
    sum("eb1", "ob1"),
    vstore(LANES_4_7),
    f.get("b"),
    f.get("t"),
    vstore64lane1(LANES_8_9),
  );
  const oneModel = forEachModel(
    f,
    1,
    ...zero(["v0", "v1", "v2", "v3", "v4", "v5"]),
    ...entries(
      (at) => [
        ...decoded(f, at, "xs", "a"),
        ...accumulateRow(f, ["v0", "v1", "v2"], "xs", "a"),
        ...decoded(f, at + DECODED_BYTES, "xs2", "a2"),
        ...accumulateRow(f, ["v3", "v4", "v5"], "xs2", "a2"),
      ],
      [...decoded(f, 0, "xs", "a"), ...accumulateRow(f, ["v0", "v1", "v2"], "xs", "a")],
    ),
    f.get("at"),
    sum("v0", "v3"),
    vstore(LANES_0_3),
    f.get("at"),
    sum("v1", "v4"),
    vstore(LANES_4_7),
    f.get("at"),
    sum("v2", "v5"),
    vstore64lane0(LANES_8_9),
  );
  return f.define(rowsPerModel(f), forEachBlock(f, i32(0), f.set("m"), twoModels, oneModel));
}
