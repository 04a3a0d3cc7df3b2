/**
 * `backwardK` of the SIMD module: the weight gradients of `K` ten-class models on the same rows,
 * each bit-identical to `backward10` on its own.
 *
 * `backward10` walks rows and adds each entry's `x · g[i]` to its feature's gradient row in memory (a
 * load and a store per vector per entry). Here a block of up to {@link BACKWARD_BLOCK_ROWS} rows is
 * first sorted by feature (a counting sort, once for all models: `_simd_group_sort.ts`): each feature's entries, in row
 * order, as `[g-row byte offset, pixel scale]`. Then each model (two at a time) visits each feature
 * once: its gradient row is loaded into registers, every entry of the feature adds `x · g[i]` in
 * row order, and the row is stored once. Every gradient element thus receives the same additions in
 * the same order as in `backward10` (rows ascending), so it ends bit-identical.
 *
 * Scratch (see `groupScratchBytes`): the block sorted by feature (`_simd_group_sort.ts`), then,
 * 16-byte aligned, the block's rows of `g` for a pass packed one row per block row (`packRows`).
 *
 * Runtime-neutral.
 * @module
 */

import {
  blockRowsOfModel,
  decodedEntry,
  forEachRowBlock,
  packedClasses89,
  rowsPerModel,
  whileModelsLeft,
  whileRoom,
  wordAddress,
} from "./_simd_group_fragments.ts";
import { SORTED_BYTES, sortBlock, sortScratchBytes } from "./_simd_group_sort.ts";
import { LANES_0_3, LANES_4_7, LANES_8_9, ROW_BYTES } from "./_simd_layout.ts";
import {
  add,
  block,
  brIf,
  call,
  fadd,
  fmul,
  geU,
  i32,
  load32,
  mul,
  ret,
  vload,
  vload64zero,
  vstore,
  vstore64lane0,
  vstore64lane1,
} from "./_wasm.ts";
import { type WasmFunction, wasmFunction } from "./_wasm_builder.ts";

/** Rows sorted by feature at a time: the more, the more entries share each visit of a feature's gradient row. */
export const BACKWARD_BLOCK_ROWS = 128;
/** The most models a pass takes: their gradient rows, 2.5 vectors each, stay in registers. */
const MAX_PASS_MODELS = 4;
/** Bytes of a packed row of `g` for a pass (see `packRows`). */
const PACKED_ROW_BYTES = MAX_PASS_MODELS * ROW_BYTES;

/**
 * Bytes of scratch `backwardK` needs for `n` rows of at most `features` entries each.
 * @param n rows per call.
 * @param features pixels per row.
 */
export function backwardScratchBytes(n: number, features: number): number {
  const rows = Math.min(n, BACKWARD_BLOCK_ROWS);
  // The sorted block, then (16-byte aligned) its packed rows of g.
  return sortScratchBytes(rows, features) + 16 + rows * PACKED_ROW_BYTES;
}

const LOCALS = {
  i0: "i32",
  bn: "i32",
  i: "i32",
  j: "i32",
  end: "i32",
  ent: "i32",
  total: "i32",
  features: "i32",
  counts: "i32",
  pack: "i32",
  c: "i32",
  pos: "i32",
  ff: "i32",
  m: "i32",
  base: "i32",
  at: "i32",
  nrow: "i32",
  prev: "i32",
  send: "i32",
  s: "i32",
  r: "i32",
  rb: "i32",
  a0: "i32",
  a1: "i32",
  a2: "i32",
  a3: "i32",
  xs: "v128",
  acc0: "v128",
  acc1: "v128",
  acc2: "v128",
  acc3: "v128",
  acc4: "v128",
  acc5: "v128",
  acc6: "v128",
  acc7: "v128",
  acc8: "v128",
  acc9: "v128",
} as const;
const ADDRESSES = ["a0", "a1", "a2", "a3"] as const;
const ACCUMULATORS = [
  "acc0",
  "acc1",
  "acc2",
  "acc3",
  "acc4",
  "acc5",
  "acc6",
  "acc7",
  "acc8",
  "acc9",
] as const;
type Local = keyof typeof LOCALS;
type Kernel = WasmFunction<Local | "rows" | "n" | "K" | "g" | "gw" | "gwStride" | "scratch">;

/** Model k's vectors in a pass of `p` models: classes 0–3 and 4–7, and where its classes 8–9 sit (vector, lane). */
function vectorsOf(p: number, k: number): { full: [number, number]; tail: [number, 0 | 1] } {
  return { full: [2 * k, 2 * k + 1], tail: [2 * p + (k >> 1), (k & 1) as 0 | 1] };
}
/** Vectors a pass of `p` models works on: two per model, and one per two models' classes 8–9. */
const vectorCount = (p: number): number => 2 * p + ((p + 1) >> 1);

/**
 * Copies the block's rows of `g` for the pass's `p` models (`a0…` at `at + k·nrow`) into one packed
 * row each at `pack + i·PACKED_ROW_BYTES`: every model's classes 0–3 and 4–7, then classes 8–9 of
 * two models per vector (lane-wise, so each lane is what that model's own row holds).
 */
function packRows(f: Kernel, p: number): number[] {
  const row = (k: number): number[] => [
    ...f.get("r"),
    ...(k === 0 ? [] : [...f.get("nrow"), ...i32(k), ...mul, ...add]),
  ];
  const copies: number[][] = [];
  for (let k = 0; k < p; k++) {
    const [lo, hi] = vectorsOf(p, k).full;
    copies.push([...f.get("rb"), ...row(k), ...vload(LANES_0_3), ...vstore(16 * lo)]);
    copies.push([...f.get("rb"), ...row(k), ...vload(LANES_4_7), ...vstore(16 * hi)]);
  }
  for (let k = 0; k < p; k += 2) {
    const [v] = vectorsOf(p, k).tail;
    const tail = k + 1 < p ? packedClasses89(row(k), row(k + 1)) : [...row(k), ...vload64zero(LANES_8_9)];
    copies.push([...f.get("rb"), ...tail, ...vstore(16 * v)]);
  }
  return f.countedLoop(
    "i",
    "bn",
    f.get("at"),
    f.get("i"),
    i32(ROW_BYTES),
    mul,
    add,
    f.set("r"),
    f.get("pack"),
    f.get("i"),
    i32(PACKED_ROW_BYTES),
    mul,
    add,
    f.set("rb"),
    ...copies,
  );
}

/**
 * While `p` more models remain (from `m`): their pass over the sorted block. Their rows of `g` are
 * packed ({@link packRows}); then for each feature with entries, the models' gradient rows are
 * loaded into registers, each of its entries (row order) adds `x ·` its packed row, and the rows
 * are stored back.
 */
function forEachPass(f: Kernel, p: number): number[] {
  const count = vectorCount(p);
  const acc = ACCUMULATORS.slice(0, count);
  const addr = (k: number): Local => ADDRESSES[k];
  const load: number[][] = [];
  const store: number[][] = [];
  for (let k = 0; k < p; k++) {
    const { full, tail } = vectorsOf(p, k);
    load.push([...f.get(addr(k)), ...vload(LANES_0_3), ...f.set(acc[full[0]])]);
    load.push([...f.get(addr(k)), ...vload(LANES_4_7), ...f.set(acc[full[1]])]);
    store.push([...f.get(addr(k)), ...f.get(acc[full[0]]), ...vstore(LANES_0_3)]);
    store.push([...f.get(addr(k)), ...f.get(acc[full[1]]), ...vstore(LANES_4_7)]);
    const laneStore = tail[1] === 0 ? vstore64lane0(LANES_8_9) : vstore64lane1(LANES_8_9);
    store.push([...f.get(addr(k)), ...f.get(acc[tail[0]]), ...laneStore]);
    if (tail[1] === 0) {
      load.push(
        k + 1 < p
          ? [...packedClasses89(f.get(addr(k)), f.get(addr(k + 1))), ...f.set(acc[tail[0]])]
          : [...f.get(addr(k)), ...vload64zero(LANES_8_9), ...f.set(acc[tail[0]])],
      );
    }
  }
  const addresses: number[][] = [];
  for (let k = 1; k < p; k++)
    addresses.push([...f.get(addr(k - 1)), ...f.get("gwStride"), ...add, ...f.set(addr(k))]);
  // acc + x · packed vector: backward10's `gw + x·g`, lane for lane.
  const entry = (offset: number) => [
    ...decodedEntry(f, offset, "pack", "xs", "r"),
    ...acc.map((v, q) => [
      ...f.get(v),
      ...f.get("xs"),
      ...f.get("r"),
      ...vload(16 * q),
      ...fmul,
      ...fadd,
      ...f.set(v),
    ]),
  ];
  return whileModelsLeft(
    f,
    p,
    blockRowsOfModel(f, "g"),
    f.set("at"),
    packRows(f, p),
    f.get("gw"),
    f.get("m"),
    f.get("gwStride"),
    mul,
    add,
    f.set("base"),
    f.get("scratch"),
    f.set("prev"),
    f.countedLoop(
      "ff",
      "features",
      wordAddress(f, "counts", "ff"),
      load32(0),
      f.set("send"),
      block(
        f.get("prev"),
        f.get("send"),
        geU,
        brIf(0),
        f.get("base"),
        f.get("ff"),
        i32(ROW_BYTES),
        mul,
        add,
        f.set(addr(0)),
        ...addresses,
        ...load,
        f.get("prev"),
        f.set("s"),
        whileRoom(f, 2 * SORTED_BYTES, ...entry(0), ...entry(SORTED_BYTES)),
        block(f.get("s"), f.get("send"), geU, brIf(0), ...entry(0)),
        ...store,
      ),
      f.get("send"),
      f.set("prev"),
    ),
  );
}

/**
 * Fewer models than this call `backward10` once each: sorting a block costs about what two models'
 * passes save (measured with `tools/bench/group_kernels.ts`).
 */
export const SORTED_MIN_MODELS = 4;

/**
 * backwardK(rows, n, K, g, gw, gwStride, scratch): for each model k < K, exactly
 * `backward10(rows, n, g + k·n·ROW_BYTES, gw + k·gwStride)` (the models' gradients must not
 * overlap). Models run four at a time, then two, then one; under {@link SORTED_MIN_MODELS} models it
 * calls `backward10` itself.
 * @param backward10 the index of `backward10` in the module's function table.
 */
export function backwardK(backward10: number): Kernel {
  const f: Kernel = wasmFunction(
    "backwardK",
    { rows: "i32", n: "i32", K: "i32", g: "i32", gw: "i32", gwStride: "i32", scratch: "i32" },
    LOCALS,
  );
  return f.define(
    rowsPerModel(f),
    block(
      f.get("K"),
      i32(SORTED_MIN_MODELS),
      geU,
      brIf(0),
      f.countedLoop(
        "m",
        "K",
        f.get("rows"),
        f.get("n"),
        f.get("g"),
        f.get("m"),
        f.get("nrow"),
        mul,
        add,
        f.get("gw"),
        f.get("m"),
        f.get("gwStride"),
        mul,
        add,
        call(backward10),
      ),
      ret,
    ),
    forEachRowBlock(
      f,
      BACKWARD_BLOCK_ROWS,
      ...sortBlock(f, PACKED_ROW_BYTES),
      i32(0),
      f.set("m"),
      forEachPass(f, 4),
      forEachPass(f, 2),
      forEachPass(f, 1),
    ),
  );
}
