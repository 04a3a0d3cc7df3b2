/**
 * The wasm fragments `forwardK` (`_simd_group.ts`) and `backwardK` (`_simd_group_backward.ts`) are
 * both made of: a walk over the rows in blocks, passes of one or more models over a block, and runs
 * of decoded entries. Each returns the instructions it stands for, on the caller's named locals, so
 * a kernel reads as its loops and the module bytes stay what the two kernels spelt out before.
 *
 * Runtime-neutral.
 * @module
 */
import { LANES_8_9, PIXEL_SCALES, ROW_BYTES } from "./_simd_layout.ts";
import {
  add,
  and,
  block,
  br,
  brIf,
  geU,
  gtU,
  i32,
  load32,
  loop,
  ltU,
  mul,
  select,
  shl,
  sub,
  vload32splat,
  vload64lane1,
  vload64zero,
} from "./_wasm.ts";
import type { WasmFunction } from "./_wasm_builder.ts";

/** The instructions of a function body, one fragment per array. */
type Code = number[][];

/**
 * `for (i0 = 0; i0 < n; i0 += blockRows) { bn = min(blockRows, n − i0); body }`: the rows in blocks
 * small enough that what a kernel builds per block stays in cache.
 */
export function forEachRowBlock(
  f: WasmFunction<"i0" | "n" | "bn">,
  blockRows: number,
  ...body: Code
): number[] {
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
        i32(blockRows),
        f.get("bn"),
        i32(blockRows),
        ltU,
        select,
        f.set("bn"),
        ...body,
        f.get("i0"),
        i32(blockRows),
        add,
        f.set("i0"),
        br(0),
      ),
    ),
  ];
}

/**
 * `for i < bn { j, end = the entry range of row i0 + i; body }`, with `at` left holding the address
 * of that row's `[begin, end)` pair.
 */
export function forEachBlockRow<N extends string>(
  f: WasmFunction<N | "i" | "bn" | "rows" | "i0" | "j" | "end">,
  at: N,
  ...body: Code
): number[] {
  return f.countedLoop(
    "i",
    "bn",
    f.get("rows"),
    f.get("i0"),
    f.get("i"),
    add,
    i32(3),
    shl,
    add,
    f.tee(at),
    load32(0),
    f.set("j"),
    f.get(at),
    load32(4),
    f.set("end"),
    ...body,
  );
}

/** `while j < end { body; j += 4 }`: the entries of the current row, one u32 each. */
export function whileEntries(f: WasmFunction<"j" | "end">, ...body: Code): number[] {
  return block(
    loop(f.get("j"), f.get("end"), geU, brIf(1), ...body, f.get("j"), i32(4), add, f.set("j"), br(0)),
  );
}

/** The float32 bits of entry `ent`'s pixel scale, to be copied as they are (no float arithmetic). */
export function pixelScaleBits(f: WasmFunction<"ent">): number[] {
  return [...f.get("ent"), ...i32(255), ...and, ...i32(2), ...shl, ...load32(PIXEL_SCALES)];
}

/** `base + (index << 2)`: the address of u32 word `index` of an array at `base`. */
export function wordAddress<N extends string>(f: WasmFunction<N>, base: N, index: N): number[] {
  return [...f.get(base), ...f.get(index), ...i32(2), ...shl, ...add];
}

/**
 * `while m + step ≤ K { body; m += step }`: passes of `step` models each, from the current `m`, so
 * that a pass of fewer models can take up where a wider one left off.
 */
export function whileModelsLeft(f: WasmFunction<"m" | "K">, step: number, ...body: Code): number[] {
  return block(
    loop(
      f.get("m"),
      i32(step),
      add,
      f.get("K"),
      gtU,
      brIf(1),
      ...body,
      f.get("m"),
      i32(step),
      add,
      f.set("m"),
      br(0),
    ),
  );
}

/** `base + (m·n + i0)·ROW_BYTES`: model `m`'s row `i0` of an array of `n` rows per model. */
export function blockRowsOfModel<N extends string>(f: WasmFunction<N | "m" | "n" | "i0">, base: N): number[] {
  return [
    ...f.get(base),
    ...f.get("m"),
    ...f.get("n"),
    ...mul,
    ...f.get("i0"),
    ...add,
    ...i32(ROW_BYTES),
    ...mul,
    ...add,
  ];
}

/** `nrow = n · ROW_BYTES`: from a model's rows to the next model's. */
export function rowsPerModel(f: WasmFunction<"n" | "nrow">): number[] {
  return [...f.get("n"), ...i32(ROW_BYTES), ...mul, ...f.set("nrow")];
}

/** `while s + bytes ≤ send { body; s += bytes }`: a run of decoded entries, `bytes` at a time. */
export function whileRoom(f: WasmFunction<"s" | "send">, bytes: number, ...body: Code): number[] {
  return block(
    loop(
      f.get("s"),
      i32(bytes),
      add,
      f.get("send"),
      gtU,
      brIf(1),
      ...body,
      f.get("s"),
      i32(bytes),
      add,
      f.set("s"),
      br(0),
    ),
  );
}

/**
 * Loads the decoded entry at `s + offset` (`[row byte offset, pixel scale]`) into `xs` (the scale,
 * splat) and `row` (`base` + the offset).
 */
export function decodedEntry<N extends string>(
  f: WasmFunction<N | "s">,
  offset: number,
  base: N,
  xs: N,
  row: N,
): Code {
  return [
    f.get("s"),
    load32(offset),
    f.get(base),
    add,
    f.set(row),
    f.get("s"),
    vload32splat(offset + 4),
    f.set(xs),
  ];
}

/**
 * Classes 8–9 of two rows in one vector, lanes `[A8, A9, B8, B9]`, from the addresses `a` and `b`
 * leave: one multiply and one add then serve both, lane-wise, so each lane is what that row's own
 * `v128.load64_zero` gives. (`v128.load64_lane` takes (address, vector): `b` goes under `a`'s load.)
 */
export function packedClasses89(a: number[], b: number[]): number[] {
  return [...b, ...a, ...vload64zero(LANES_8_9), ...vload64lane1(LANES_8_9)];
}
