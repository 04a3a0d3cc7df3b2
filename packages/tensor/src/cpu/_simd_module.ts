/**
 * A hand-written WebAssembly SIMD module for the ten-class sparse kernels, emitted as bytes by a
 * few lines of encoder (no assembler, no build step). Each non-zero pixel costs three 4-lane
 * multiply-adds instead of ten scalar ones.
 *
 * Memory layout the functions expect: bytes 0…1023 hold the 256 float32 pixel scales; `rows` holds
 * `n` pairs of byte addresses `[begin, end)` into an entry array (`(feature << 8) | pixel` per u32);
 * rows of `w`, `out`, `g` and `gw` are 10 float32s (40 bytes).
 *
 * Runtime-neutral.
 * @module
 */

import { COMPACTION_TABLE, SHARED_MAX_PAGES } from "./_simd_layout.ts";
import { EXP_TYPE, expFunction, LOSS_TYPE, lossFunction } from "./_simd_loss.ts";
import {
  add,
  and,
  bitmask,
  block,
  br,
  brIf,
  bytesEq,
  countedLoop,
  eqz,
  fadd,
  fmul,
  funcBody,
  get,
  geU,
  gtU,
  I32,
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
  name,
  popcnt,
  section,
  set,
  shl,
  shrU,
  store32,
  tee,
  uleb,
  V128,
  vec,
  vload,
  vload32splat,
  vload64zero,
  vstore,
  vstore64lane0,
  vzero,
  xor,
} from "./_wasm.ts";

// Shared locals: params 0–3, then i, j, end, ent, k, p, k2 (i32) and eight v128.
const [I, J, END, ENT, K, P, K2] = [4, 5, 6, 7, 8, 9, 10];
const [V0, V1, V2, XS, V3, V4, V5, XS2] = [11, 12, 13, 14, 15, 16, 17, 18];
const LOCALS = vec([
  [...uleb(7), I32],
  [...uleb(8), V128],
]);

/** Loads the entry at byte address `j + offset` into `xs` (splat pixel scale) and `k` (row address). */
function entry(offset: number, xs: number, k: number, base: number): number[][] {
  return [
    get(J),
    load32(offset),
    tee(ENT),
    i32(255),
    and,
    i32(2),
    shl,
    vload32splat,
    set(xs),
    get(ENT),
    i32(8),
    shrU,
    i32(40),
    mul,
    get(base),
    add,
    set(k),
  ];
}

/** `for i < n { j, end = rows[i]; body }`. */
function forEachRow(...body: number[][]): number[] {
  return countedLoop(
    I,
    1,
    get(0),
    get(I),
    i32(3),
    shl,
    add,
    tee(P),
    load32(0),
    set(J),
    get(P),
    load32(4),
    set(END),
    ...body,
  );
}

/**
 * forward10(rows, n, w, out): out[i] = Σ x·w[feature] over row i's entries (no bias). Two entries
 * per iteration into two sets of accumulators, so the adds do not wait on each other.
 */
function forwardBody(): number[] {
  const acc = (v: number, xs: number, k: number, load: number[]) => [
    ...get(v),
    ...get(xs),
    ...get(k),
    ...load,
    ...fmul,
    ...fadd,
    ...set(v),
  ];
  const three = (a: number, b: number, c: number, xs: number, k: number) => [
    acc(a, xs, k, vload(0)),
    acc(b, xs, k, vload(16)),
    acc(c, xs, k, vload64zero(32)),
  ];
  const sum = (a: number, b: number) => [...get(a), ...get(b), ...fadd];
  return forEachRow(
    vzero,
    tee(V0),
    tee(V1),
    tee(V2),
    tee(V3),
    tee(V4),
    set(V5),
    block(
      loop(
        get(J),
        i32(8),
        add,
        get(END),
        gtU,
        brIf(1),
        ...entry(0, XS, K, 2),
        ...entry(4, XS2, K2, 2),
        ...three(V0, V1, V2, XS, K),
        ...three(V3, V4, V5, XS2, K2),
        get(J),
        i32(8),
        add,
        set(J),
        br(0),
      ),
    ),
    block(get(J), get(END), geU, brIf(0), ...entry(0, XS, K, 2), ...three(V0, V1, V2, XS, K)),
    get(3),
    get(I),
    i32(40),
    mul,
    add,
    tee(P),
    sum(V0, V3),
    vstore(0),
    get(P),
    sum(V1, V4),
    vstore(16),
    get(P),
    sum(V2, V5),
    vstore64lane0(32),
  );
}

/** backward10(rows, n, g, gw): gw[feature] += x·g[i] over row i's entries. */
function backwardBody(): number[] {
  const upd = (v: number, load: number[], store: number[]) => [
    ...get(K),
    ...get(K),
    ...load,
    ...get(XS),
    ...get(v),
    ...fmul,
    ...fadd,
    ...store,
  ];
  const gRow = [...get(2), ...get(I), ...i32(40), ...mul, ...add, ...tee(P)];
  return forEachRow(
    gRow,
    vload(0),
    set(V0),
    get(P),
    vload(16),
    set(V1),
    get(P),
    vload64zero(32),
    set(V2),
    block(
      loop(
        get(J),
        get(END),
        geU,
        brIf(1),
        ...entry(0, XS, K, 3),
        upd(V0, vload(0), vstore(0)),
        upd(V1, vload(16), vstore(16)),
        upd(V2, vload64zero(32), vstore64lane0(32)),
        get(J),
        i32(4),
        add,
        set(J),
        br(0),
      ),
    ),
  );
}

/** The 16-bit mask of the non-zero bytes of the 16 pixels at `p`. */
const nonZeroMask = [...get(P), ...vload(0), ...vzero, ...bytesEq, ...bitmask, ...i32(0xffff), ...xor];

/** `for i < rows { head; for j < chunks { inner; p += 16 } tail }` over 16-pixel chunks from `src`. */
function chunkLoop(head: number[][], inner: number[][], tail: number[][]): number[] {
  return [
    ...get(0),
    ...set(P),
    ...countedLoop(I, 1, ...head, countedLoop(J, 2, ...inner, get(P), i32(16), add, set(P)), ...tail),
  ];
}

/** count16(src, rows, chunks, out): out[i] = non-zero bytes of row i (rows of `chunks × 16` bytes). */
function countBody(): number[] {
  return chunkLoop(
    [i32(0), set(ENT)],
    [get(ENT), nonZeroMask, popcnt, add, set(ENT)],
    [get(3), get(I), i32(2), shl, add, get(ENT), store32(0)],
  );
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
 * fill16(src, rows, chunks, dst): writes `(feature << 8) | pixel` for each non-zero byte, in order,
 * without a branch per pixel: each 8-pixel half of a chunk swizzles its non-zero pixels to the front
 * (positions from {@link compactionTable}), interleaves them with their positions into 16-bit
 * `position << 8 | pixel`, widens to eight u32 entries plus `first feature << 8`, stores all eight and
 * advances by the half's count. So up to 28 bytes past the last entry are written (scratch).
 */
function fillBody(): number[] {
  const interleave = i8x16Shuffle([0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23]);
  // Four entries: a widened half of the interleaved `position << 8 | pixel`s plus the first feature.
  const store4 = (extend: number[], offset: number) => [
    ...get(3),
    ...get(V2),
    ...extend,
    ...get(XS),
    ...i32x4Add,
    ...vstore(offset),
  ];
  const half = (high: boolean) => [
    ...get(K),
    ...(high ? [...i32(8), ...shrU] : [...i32(255), ...and]),
    ...set(ENT),
    ...get(ENT),
    ...i32(3),
    ...shl,
    ...vload64zero(COMPACTION_TABLE),
    ...set(V1),
    ...get(V0),
    ...get(V1),
    ...(high ? [...i32(8), ...i8x16Splat, ...i8x16Add] : []),
    ...i8x16Swizzle,
    ...get(V1),
    ...interleave,
    ...set(V2),
    // first feature of the half, << 8
    ...get(J),
    ...i32(4),
    ...shl,
    ...i32(high ? 8 : 0),
    ...add,
    ...i32(8),
    ...shl,
    ...i32x4Splat,
    ...set(XS),
    ...store4(i32x4ExtendLowU16, 0),
    ...store4(i32x4ExtendHighU16, 16),
    ...get(3),
    ...get(ENT),
    ...popcnt,
    ...i32(2),
    ...shl,
    ...add,
    ...set(3),
  ];
  return chunkLoop(
    [],
    [
      block(
        get(P),
        vload(0),
        tee(V0),
        vzero,
        bytesEq,
        bitmask,
        i32(0xffff),
        xor,
        tee(K),
        eqz,
        brIf(0),
        half(false),
        half(true),
      ),
    ],
    [],
  );
}

/**
 * The module's bytes: memory export `memory`, functions `forward10`, `backward10`, `count16`, `fill16`,
 * and from `_simd_loss.ts` `loss10` and `exp64`.
 * @param shared when true the module imports `env.memory`, a shared memory of at most
 *   {@link SHARED_MAX_PAGES} pages, so a Worker's instance can run on the same memory.
 */
export function simdModuleBytes(shared = false): Uint8Array<ArrayBuffer> {
  const body = (code: number[]) => funcBody(LOCALS, code);
  const memory = shared
    ? section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x03, 1, ...uleb(SHARED_MAX_PAGES)]]))
    : [];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32]]), 0], LOSS_TYPE, EXP_TYPE])),
    ...memory,
    ...section(3, vec([[0], [0], [0], [0], [1], [2]])),
    ...(shared ? [] : section(5, vec([[0x00, 1]]))),
    ...section(
      7,
      vec([
        [...name("memory"), 2, 0],
        [...name("forward10"), 0, 0],
        [...name("backward10"), 0, 1],
        [...name("count16"), 0, 2],
        [...name("fill16"), 0, 3],
        [...name("loss10"), 0, 4],
        [...name("exp64"), 0, 5],
      ]),
    ),
    ...section(
      10,
      vec([
        body(forwardBody()),
        body(backwardBody()),
        body(countBody()),
        body(fillBody()),
        lossFunction(),
        expFunction(),
      ]),
    ),
  ]);
}
