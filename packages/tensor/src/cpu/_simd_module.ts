/**
 * A hand-written WebAssembly SIMD module for the ten-class sparse kernels, emitted as bytes by a
 * small builder (`_wasm_builder.ts`; no assembler, no build step). Each non-zero pixel costs three
 * 4-lane multiply-adds instead of ten scalar ones. Its text form is kept in
 * `__snapshots__/simd_module.wat`.
 *
 * Memory layout the functions expect (`_simd_layout.ts`): the 256 float32 pixel scales at
 * {@link PIXEL_SCALES}; `rows` holds `n` pairs of byte addresses `[begin, end)` into an entry array
 * (`(feature << 8) | pixel` per u32); rows of `w`, `out`, `g` and `gw` are {@link ROW_BYTES} bytes
 * ({@link CLASSES} float32s: two 4-lane vectors and one 2-lane half).
 *
 * Runtime-neutral.
 * @module
 */

import { expFunction } from "./_simd_exp.ts";
import { forwardK } from "./_simd_group.ts";
import { backwardK } from "./_simd_group_backward.ts";
import { biasK, gbK, sgdK } from "./_simd_group_update.ts";
import {
  COMPACTION_TABLE,
  LANES_0_3,
  LANES_4_7,
  LANES_8_9,
  PIXEL_SCALES,
  ROW_BYTES,
  SHARED_MAX_PAGES,
} from "./_simd_layout.ts";
import { lossFunction } from "./_simd_loss.ts";
import { accumulateRow, loadRow, PAIRED_ROW_LOCALS, updateRow } from "./_simd_row.ts";
import {
  add,
  and,
  bitmask,
  block,
  br,
  brIf,
  bytesEq,
  eqz,
  fadd,
  fmul,
  geU,
  gtU,
  i8x16Add,
  i8x16Shuffle,
  i8x16Splat,
  i8x16Swizzle,
  i32,
  i32x4Add,
  i32x4ExtendHighU16,
  i32x4ExtendLowU16,
  i32x4Splat,
  load32,
  loop,
  mul,
  popcnt,
  shl,
  shrU,
  store32,
  vload,
  vload32splat,
  vload64zero,
  vstore,
  vstore64lane0,
  vzero,
  xor,
} from "./_wasm.ts";
import { encodeModule, type WasmFunction, wasmFunction } from "./_wasm_builder.ts";

/** The locals of the four sparse kernels: one declaration shared by all (the module bytes depend on it). */
const KERNEL_LOCALS = {
  i: "i32",
  j: "i32",
  end: "i32",
  ent: "i32",
  k: "i32",
  p: "i32",
  k2: "i32",
  ...PAIRED_ROW_LOCALS,
} as const;
type KernelLocal = keyof typeof KERNEL_LOCALS;
/** A kernel over `n` rows listed at `rows`. */
type RowKernel = WasmFunction<KernelLocal | "rows" | "n" | "out" | "w" | "g" | "gw">;
/** A kernel over `rows` rows of `chunks` 16-byte chunks at `src`. */
type ChunkKernel = WasmFunction<KernelLocal | "src" | "rows" | "chunks" | "dst" | "ends">;

/**
 * Loads the entry at byte address `j + offset` into `xs` (splat pixel scale) and `k` (the address of
 * its feature's row of `base`).
 */
function entry(f: RowKernel, offset: number, xs: KernelLocal, k: KernelLocal, base: "w" | "gw"): number[][] {
  return [
    f.get("j"),
    load32(offset),
    f.tee("ent"),
    i32(255),
    and,
    i32(2),
    shl,
    vload32splat(PIXEL_SCALES),
    f.set(xs),
    f.get("ent"),
    i32(8),
    shrU,
    i32(ROW_BYTES),
    mul,
    f.get(base),
    add,
    f.set(k),
  ];
}

/** `for i < n { j, end = rows[i]; body }`. */
function forEachRow(f: RowKernel, ...body: number[][]): number[] {
  return f.countedLoop(
    "i",
    "n",
    f.get("rows"),
    f.get("i"),
    i32(3),
    shl,
    add,
    f.tee("p"),
    load32(0),
    f.set("j"),
    f.get("p"),
    load32(4),
    f.set("end"),
    ...body,
  );
}

/**
 * forward10(rows, n, w, out): out[i] = Σ x·w[feature] over row i's entries (no bias). Two entries
 * per iteration into two sets of accumulators, so the adds do not wait on each other.
 */
function forward(): RowKernel {
  const f: RowKernel = wasmFunction(
    "forward10",
    { rows: "i32", n: "i32", w: "i32", out: "i32" },
    KERNEL_LOCALS,
  );
  const sum = (a: KernelLocal, b: KernelLocal) => [...f.get(a), ...f.get(b), ...fadd];
  return f.define(
    forEachRow(
      f,
      vzero,
      f.tee("v0"),
      f.tee("v1"),
      f.tee("v2"),
      f.tee("v3"),
      f.tee("v4"),
      f.set("v5"),
      block(
        loop(
          f.get("j"),
          i32(8),
          add,
          f.get("end"),
          gtU,
          brIf(1),
          ...entry(f, 0, "xs", "k", "w"),
          ...entry(f, 4, "xs2", "k2", "w"),
          ...accumulateRow(f, ["v0", "v1", "v2"], "xs", "k"),
          ...accumulateRow(f, ["v3", "v4", "v5"], "xs2", "k2"),
          f.get("j"),
          i32(8),
          add,
          f.set("j"),
          br(0),
        ),
      ),
      block(
        f.get("j"),
        f.get("end"),
        geU,
        brIf(0),
        ...entry(f, 0, "xs", "k", "w"),
        ...accumulateRow(f, ["v0", "v1", "v2"], "xs", "k"),
      ),
      f.get("out"),
      f.get("i"),
      i32(ROW_BYTES),
      mul,
      add,
      f.tee("p"),
      sum("v0", "v3"),
      vstore(LANES_0_3),
      f.get("p"),
      sum("v1", "v4"),
      vstore(LANES_4_7),
      f.get("p"),
      sum("v2", "v5"),
      vstore64lane0(LANES_8_9),
    ),
  );
}

/** backward10(rows, n, g, gw): gw[feature] += x·g[i] over row i's entries. */
function backward(): RowKernel {
  const f: RowKernel = wasmFunction(
    "backward10",
    { rows: "i32", n: "i32", g: "i32", gw: "i32" },
    KERNEL_LOCALS,
  );
  const gradientRow = ["v0", "v1", "v2"] as const;
  return f.define(
    forEachRow(
      f,
      [...f.get("g"), ...f.get("i"), ...i32(ROW_BYTES), ...mul, ...add],
      loadRow(f, "p", gradientRow),
      block(
        loop(
          f.get("j"),
          f.get("end"),
          geU,
          brIf(1),
          ...entry(f, 0, "xs", "k", "gw"),
          ...updateRow(f, "k", (part) => [...f.get("xs"), ...f.get(gradientRow[part]), ...fmul, ...fadd]),
          f.get("j"),
          i32(4),
          add,
          f.set("j"),
          br(0),
        ),
      ),
    ),
  );
}

/** `for i < rows { head; for j < chunks { inner; p += 16 } tail }` over 16-pixel chunks from `src`. */
function chunkLoop(f: ChunkKernel, head: number[][], inner: number[][], tail: number[][]): number[] {
  return [
    ...f.get("src"),
    ...f.set("p"),
    ...f.countedLoop(
      "i",
      "rows",
      ...head,
      f.countedLoop("j", "chunks", ...inner, f.get("p"), i32(16), add, f.set("p")),
      ...tail,
    ),
  ];
}

/**
 * Row m lists the positions of the set bits of the byte m in ascending order (padded with zeros):
 * the swizzle that packs an 8-pixel half-chunk's non-zero pixels to its front.
 */
export function compactionTable(): Uint8Array {
  const table = new Uint8Array(256 * 8);
  for (let m = 0; m < 256; m++) {
    let k = 0;
    for (let bit = 0; bit < 8; bit++) if (m & (1 << bit)) table[m * 8 + k++] = bit;
  }
  return table;
}

/**
 * index16(src, rows, chunks, dst, ends): the sparse index of `rows` rows of `chunks × 16` bytes in one
 * pass: writes `(feature << 8) | pixel` for each non-zero byte, in order, from `dst`, and the byte
 * address just past each row's last entry to `ends[i]` (u32). No branch per pixel: each 8-pixel half
 * of a non-zero chunk swizzles its non-zero pixels to the front (positions from
 * {@link compactionTable}), interleaves them with their positions into 16-bit `position << 8 | pixel`,
 * widens to eight u32 entries plus the half's first feature `<< 8`, stores all eight and advances by
 * the half's count. So up to 28 bytes past the last entry are written (scratch).
 */
function indexRows(): ChunkKernel {
  const f: ChunkKernel = wasmFunction(
    "index16",
    { src: "i32", rows: "i32", chunks: "i32", dst: "i32", ends: "i32" },
    KERNEL_LOCALS,
  );
  // Locals by role: the chunk, a half's swizzle, its interleaved pairs, the first feature `<< 8` of
  // each half (splat), the high half's offset from the low (8 << 8, splat), the chunk's mask, a
  // half's count.
  const [chunk, swizzle, pairs, mask, count] = ["v0", "v1", "v2", "k", "ent"] as const;
  const [firstLow, firstHigh, highOffset] = ["xs", "xs2", "v3"] as const;
  const interleave = i8x16Shuffle([0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23]);
  // Four entries: a widened half of the interleaved `position << 8 | pixel`s plus the first feature.
  const store4 = (extend: number[], high: boolean, offset: number) => [
    ...f.get("dst"),
    ...f.get(pairs),
    ...extend,
    ...f.get(high ? firstHigh : firstLow),
    ...i32x4Add,
    ...vstore(offset),
  ];
  const half = (high: boolean) => [
    ...f.get(mask),
    ...(high ? [...i32(8), ...shrU] : [...i32(255), ...and]),
    ...f.tee(count),
    ...i32(3),
    ...shl,
    ...vload64zero(COMPACTION_TABLE),
    ...f.set(swizzle),
    ...f.get(chunk),
    ...f.get(swizzle),
    ...(high ? [...i32(8), ...i8x16Splat, ...i8x16Add] : []),
    ...i8x16Swizzle,
    ...f.get(swizzle),
    ...interleave,
    ...f.set(pairs),
    ...store4(i32x4ExtendLowU16, high, 0),
    ...store4(i32x4ExtendHighU16, high, 16),
    ...f.get("dst"),
    ...f.get(count),
    ...popcnt,
    ...i32(2),
    ...shl,
    ...add,
    ...f.set("dst"),
  ];
  return f.define(
    i32(8 << 8),
    i32x4Splat,
    f.set(highOffset),
    chunkLoop(
      f,
      [],
      [
        block(
          f.get("p"),
          vload(0),
          f.tee(chunk),
          vzero,
          bytesEq,
          bitmask,
          i32(0xffff),
          xor,
          f.tee(mask),
          eqz,
          brIf(0),
          f.get("j"),
          i32(4 + 8),
          shl,
          i32x4Splat,
          f.tee(firstLow),
          f.get(highOffset),
          i32x4Add,
          f.set(firstHigh),
          half(false),
          half(true),
        ),
      ],
      [f.get("ends"), f.get("i"), i32(2), shl, add, f.get("dst"), store32(0)],
    ),
  );
}

/**
 * The module's bytes: memory export `memory`, functions `forward10`, `backward10`, `index16`,
 * `loss10` (`_simd_loss.ts`), `exp64` (`_simd_exp.ts`), and from `_simd_group.ts` the group kernels.
 * @param shared when true the module imports `env.memory`, a shared memory of at most
 *   {@link SHARED_MAX_PAGES} pages, so a Worker's instance can run on the same memory.
 * @param names adds a `name` section (for the text snapshot; the kernels run without one).
 */
export function simdModuleBytes(shared = false, names = false): Uint8Array<ArrayBuffer> {
  const backward10 = backward();
  const single = [forward(), backward10, indexRows(), lossFunction(), expFunction()];
  return encodeModule({
    memory: shared ? { importFrom: ["env", "memory"], pages: 1, maxPages: SHARED_MAX_PAGES } : { pages: 1 },
    functions: [...single, forwardK(), backwardK(single.indexOf(backward10)), sgdK(), biasK(), gbK()],
    names,
  });
}
