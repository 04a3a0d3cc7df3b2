/**
 * The group kernels of the SIMD module: `forwardK` and `backwardK` run `K` ten-class models on the
 * same rows, each model bit-identical to `forward10`/`backward10` on its own weights.
 *
 * What they share is the decode: a block of up to {@link GROUP_BLOCK_ROWS} rows' entries
 * (`(feature << 8) | pixel`) is turned once into `[feature · ROW_BYTES, pixel scale]` pairs in a
 * scratch, and every model then walks that block with its weights (one model's rows stay in cache
 * while it runs). Each model's sums run in the single kernels' order: `forwardK` pairs a row's
 * entries into the same even/odd accumulators as `forward10`; `backwardK` adds to a model's weight
 * gradient row by row, entry by entry, as `backward10` does.
 *
 * Scratch layout (see {@link groupScratchBytes}): {@link GROUP_BLOCK_ROWS} u32 byte addresses (the
 * end of each block row's decoded entries), then the 8-byte decoded entries.
 *
 * Runtime-neutral.
 * @module
 */
import { PIXEL_SCALES, ROW_BYTES } from "./_simd_layout.ts";
import {
  add,
  and,
  block,
  br,
  brIf,
  fadd,
  fmul,
  geU,
  gtU,
  i32,
  load32,
  loop,
  ltU,
  mul,
  select,
  shl,
  shrU,
  store32,
  sub,
  vload,
  vload32splat,
  vload64zero,
  vstore,
  vstore64lane0,
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
  return ENTRIES_AT + Math.min(n, GROUP_BLOCK_ROWS) * features * DECODED_BYTES;
}

const [LANES_0_3, LANES_4_7, LANES_8_9] = [0, 16, 32];

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
  v0: "v128",
  v1: "v128",
  v2: "v128",
  xs: "v128",
  v3: "v128",
  v4: "v128",
  v5: "v128",
  xs2: "v128",
} as const;
type GroupLocal = keyof typeof GROUP_LOCALS;
type GroupKernel = WasmFunction<
  GroupLocal | "rows" | "n" | "K" | "w" | "wStride" | "out" | "g" | "gw" | "gwStride" | "scratch"
>;

/**
 * `for (i0 = 0; i0 < n; i0 += GROUP_BLOCK_ROWS) { bn = min(GROUP_BLOCK_ROWS, n − i0); decode; body }`:
 * decoding writes each block row's entries as `[feature · ROW_BYTES, scale]` from
 * `scratch + ENTRIES_AT` and the address past its last to `scratch[i]`.
 */
function forEachBlock(f: GroupKernel, ...body: number[][]): number[] {
  const decode = f.countedLoop(
    "i",
    "bn",
    f.get("rows"),
    f.get("i0"),
    f.get("i"),
    add,
    i32(3),
    shl,
    add,
    f.tee("at"),
    load32(0),
    f.set("j"),
    f.get("at"),
    load32(4),
    f.set("end"),
    block(
      loop(
        f.get("j"),
        f.get("end"),
        geU,
        brIf(1),
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
        f.get("ent"),
        i32(255),
        and,
        i32(2),
        shl,
        load32(PIXEL_SCALES), // the float's bits, copied as they are
        store32(4),
        f.get("s"),
        i32(DECODED_BYTES),
        add,
        f.set("s"),
        f.get("j"),
        i32(4),
        add,
        f.set("j"),
        br(0),
      ),
    ),
    f.get("scratch"),
    f.get("i"),
    i32(2),
    shl,
    add,
    f.get("s"),
    store32(0),
  );
  return [
    ...i32(0),
    ...f.set("i0"),
    ...block(
      loop(
        f.get("i0"),
        f.get("n"),
        geU,
        brIf(1),
        f.get("n"),
        f.get("i0"),
        sub,
        f.tee("bn"),
        i32(GROUP_BLOCK_ROWS),
        f.get("bn"),
        i32(GROUP_BLOCK_ROWS),
        ltU,
        select,
        f.set("bn"),
        firstEntry(f),
        decode,
        ...body,
        f.get("i0"),
        i32(GROUP_BLOCK_ROWS),
        add,
        f.set("i0"),
        br(0),
      ),
    ),
  ];
}

/** `s = scratch + ENTRIES_AT`: back to the block's first decoded entry. */
function firstEntry(f: GroupKernel): number[] {
  return [...f.get("scratch"), ...i32(ENTRIES_AT), ...add, ...f.set("s")];
}

/**
 * `for m < K { base = first + m·stride; at = rowsOf + (m·n + i0)·ROW_BYTES; s = first entry;
 * for i < bn { send = scratch[i]; body; at += ROW_BYTES } }`: each model's pass over the block.
 */
function forEachModel(
  f: GroupKernel,
  first: "w" | "gw",
  stride: "wStride" | "gwStride",
  rowsOf: "out" | "g",
  ...body: number[][]
): number[] {
  return f.countedLoop(
    "m",
    "K",
    f.get(first),
    f.get("m"),
    f.get(stride),
    mul,
    add,
    f.set("base"),
    f.get(rowsOf),
    f.get("m"),
    f.get("n"),
    mul,
    f.get("i0"),
    add,
    i32(ROW_BYTES),
    mul,
    add,
    f.set("at"),
    firstEntry(f),
    f.countedLoop(
      "i",
      "bn",
      f.get("scratch"),
      f.get("i"),
      i32(2),
      shl,
      add,
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
  return [
    f.get("s"),
    load32(offset),
    f.get("base"),
    add,
    f.set(a),
    f.get("s"),
    vload32splat(offset + 4),
    f.set(xs),
  ];
}

/**
 * forwardK(rows, n, K, w, wStride, out, scratch): for each model k < K, exactly
 * `forward10(rows, n, w + k·wStride, out + k·n·ROW_BYTES)`.
 */
export function forwardK(): GroupKernel {
  const f: GroupKernel = wasmFunction(
    "forwardK",
    { rows: "i32", n: "i32", K: "i32", w: "i32", wStride: "i32", out: "i32", scratch: "i32" },
    GROUP_LOCALS,
  );
  const acc = (v: GroupLocal, xs: GroupLocal, a: GroupLocal, load: number[]) => [
    ...f.get(v),
    ...f.get(xs),
    ...f.get(a),
    ...load,
    ...fmul,
    ...fadd,
    ...f.set(v),
  ];
  const three = (x: GroupLocal, y: GroupLocal, z: GroupLocal, xs: GroupLocal, a: GroupLocal) => [
    acc(x, xs, a, vload(LANES_0_3)),
    acc(y, xs, a, vload(LANES_4_7)),
    acc(z, xs, a, vload64zero(LANES_8_9)),
  ];
  const sum = (x: GroupLocal, y: GroupLocal) => [...f.get(x), ...f.get(y), ...fadd];
  const step = 2 * DECODED_BYTES;
  return f.define(
    forEachBlock(
      f,
      forEachModel(
        f,
        "w",
        "wStride",
        "out",
        vzero,
        f.tee("v0"),
        f.tee("v1"),
        f.tee("v2"),
        f.tee("v3"),
        f.tee("v4"),
        f.set("v5"),
        // Entry pairs into the two accumulator sets, then an odd last entry into the first: forward10's order.
        block(
          loop(
            f.get("s"),
            i32(step),
            add,
            f.get("send"),
            gtU,
            brIf(1),
            ...decoded(f, 0, "xs", "a"),
            ...decoded(f, DECODED_BYTES, "xs2", "a2"),
            ...three("v0", "v1", "v2", "xs", "a"),
            ...three("v3", "v4", "v5", "xs2", "a2"),
            f.get("s"),
            i32(step),
            add,
            f.set("s"),
            br(0),
          ),
        ),
        block(
          f.get("s"),
          f.get("send"),
          geU,
          brIf(0),
          ...decoded(f, 0, "xs", "a"),
          ...three("v0", "v1", "v2", "xs", "a"),
        ),
        f.get("send"),
        f.set("s"),
        f.get("at"),
        sum("v0", "v3"),
        vstore(LANES_0_3),
        f.get("at"),
        sum("v1", "v4"),
        vstore(LANES_4_7),
        f.get("at"),
        sum("v2", "v5"),
        vstore64lane0(LANES_8_9),
      ),
    ),
  );
}

/**
 * backwardK(rows, n, K, g, gw, gwStride, scratch): for each model k < K, exactly
 * `backward10(rows, n, g + k·n·ROW_BYTES, gw + k·gwStride)`.
 */
export function backwardK(): GroupKernel {
  const f: GroupKernel = wasmFunction(
    "backwardK",
    { rows: "i32", n: "i32", K: "i32", g: "i32", gw: "i32", gwStride: "i32", scratch: "i32" },
    GROUP_LOCALS,
  );
  const update = (v: GroupLocal, load: number[], store: number[]) => [
    ...f.get("a"),
    ...f.get("a"),
    ...load,
    ...f.get("xs"),
    ...f.get(v),
    ...fmul,
    ...fadd,
    ...store,
  ];
  return f.define(
    forEachBlock(
      f,
      forEachModel(
        f,
        "gw",
        "gwStride",
        "g",
        f.get("at"),
        vload(LANES_0_3),
        f.set("v0"),
        f.get("at"),
        vload(LANES_4_7),
        f.set("v1"),
        f.get("at"),
        vload64zero(LANES_8_9),
        f.set("v2"),
        block(
          loop(
            f.get("s"),
            f.get("send"),
            geU,
            brIf(1),
            ...decoded(f, 0, "xs", "a"),
            update("v0", vload(LANES_0_3), vstore(LANES_0_3)),
            update("v1", vload(LANES_4_7), vstore(LANES_4_7)),
            update("v2", vload64zero(LANES_8_9), vstore64lane0(LANES_8_9)),
            f.get("s"),
            i32(DECODED_BYTES),
            add,
            f.set("s"),
            br(0),
          ),
        ),
      ),
    ),
  );
}
