/**
 * The counting sort `backwardK` (`_simd_group_backward.ts`) starts each block of rows with: the
 * block's entries regrouped by feature, each feature's in row order, so that a model's gradient row
 * of a feature is loaded and stored once per block however many rows use it, while every gradient
 * element still receives its additions in `backward10`'s order.
 *
 * Scratch from `scratch`: the sorted entries ({@link SORTED_BYTES} each), then one u32 per feature
 * (first its count, then where its entries end).
 *
 * Runtime-neutral.
 * @module
 */
import { forEachBlockRow, pixelScaleBits, whileEntries, wordAddress } from "./_simd_group_fragments.ts";
import {
  add,
  and,
  block,
  brIf,
  geU,
  gtU,
  i32,
  load32,
  mul,
  select,
  shl,
  shrU,
  store32,
  sub,
} from "./_wasm.ts";
import type { WasmFunction } from "./_wasm_builder.ts";

/** Bytes of one sorted entry: the byte offset of its row of `g` within the block, and its pixel scale. */
export const SORTED_BYTES = 8;

/**
 * Bytes of scratch {@link sortBlock} fills for `rows` rows of at most `features` entries each.
 * @param rows rows per block.
 * @param features pixels per row.
 */
export function sortScratchBytes(rows: number, features: number): number {
  return rows * features * SORTED_BYTES + features * 4;
}

/** The parameters and locals {@link sortBlock} works with (the kernel declares them). */
type SortKernel = WasmFunction<
  | "rows"
  | "scratch"
  | "i0"
  | "bn"
  | "i"
  | "j"
  | "end"
  | "ent"
  | "total"
  | "features"
  | "counts"
  | "pack"
  | "c"
  | "pos"
  | "ff"
>;

/** `for i < bn { j, end = the block's row i; body }`. */
function forEachRow(f: SortKernel, ...body: number[][]): number[] {
  return forEachBlockRow(f, "c", ...body);
}

/** `while j < end { ent = entry at j; body; j += 4 }`. */
function forEachEntry(f: SortKernel, ...body: number[][]): number[] {
  return whileEntries(f, f.get("j"), load32(0), f.set("ent"), ...body);
}

/** `c = counts + (ent >> 8) · 4`: the entry's feature's word. */
function featureWord(f: SortKernel): number[] {
  return [...f.get("counts"), ...f.get("ent"), ...i32(8), ...shrU, ...i32(2), ...shl, ...add, ...f.set("c")];
}

/**
 * Sorts the block's entries by feature, each written as `[i · gRowBytes, pixel scale bits]` (`i`
 * its row in the block): `total` (entry bytes) and `features` (one past the largest
 * feature: a row's last entry has its largest, entries ascending by feature as every index lists
 * them); counts per feature at `counts = scratch + 2·total`; their running sums as where each
 * feature's entries start; then each entry written there, leaving `counts[f]` where feature f's end. Also sets `pack`, the first 16-byte boundary
 * after the counts, where the caller's own per-block data may start.
 */
export function sortBlock(f: SortKernel, gRowBytes: number): number[][] {
  const inc = (word: number[]) => [
    ...word,
    ...f.get("c"),
    ...f.get("c"),
    ...load32(0),
    ...i32(1),
    ...add,
    ...store32(0),
  ];
  return [
    i32(0),
    f.set("total"),
    i32(0),
    f.set("features"),
    forEachRow(
      f,
      f.get("total"),
      f.get("end"),
      f.get("j"),
      sub,
      add,
      f.set("total"),
      block(
        f.get("j"),
        f.get("end"),
        geU,
        brIf(0),
        // features = max(features, (last entry >> 8) + 1)
        f.get("end"),
        i32(4),
        sub,
        load32(0),
        i32(8),
        shrU,
        i32(1),
        add,
        f.tee("c"),
        f.get("features"),
        f.get("c"),
        f.get("features"),
        gtU,
        select,
        f.set("features"),
      ),
    ),
    f.get("scratch"),
    f.get("total"),
    i32(1),
    shl,
    add,
    f.set("counts"),
    // The packed rows of g after the counts, 16-byte aligned.
    f.get("counts"),
    f.get("features"),
    i32(2),
    shl,
    add,
    i32(15),
    add,
    i32(-16),
    and,
    f.set("pack"),
    f.countedLoop("ff", "features", wordAddress(f, "counts", "ff"), i32(0), store32(0)),
    forEachRow(f, forEachEntry(f, inc(featureWord(f)))),
    // Counts to start addresses.
    f.get("scratch"),
    f.set("pos"),
    f.countedLoop(
      "ff",
      "features",
      wordAddress(f, "counts", "ff"),
      f.tee("c"),
      load32(0),
      f.get("c"),
      f.get("pos"),
      store32(0),
      i32(3),
      shl,
      f.get("pos"),
      add,
      f.set("pos"),
    ),
    forEachRow(
      f,
      forEachEntry(
        f,
        featureWord(f),
        f.get("c"),
        load32(0),
        f.tee("pos"),
        f.get("i"),
        i32(gRowBytes),
        mul,
        store32(0),
        f.get("pos"),
        pixelScaleBits(f),
        store32(4),
        f.get("c"),
        f.get("pos"),
        i32(SORTED_BYTES),
        add,
        store32(0),
      ),
    ),
  ];
}
