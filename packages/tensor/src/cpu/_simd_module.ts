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

import { EXP_TYPE, expFunction, LOSS_TYPE, lossFunction } from "./_simd_loss.ts";
import {
  add,
  and,
  bitmask,
  block,
  br,
  brIf,
  bytesEq,
  ctz,
  eqz,
  fadd,
  fmul,
  funcBody,
  get,
  geU,
  gtU,
  I32,
  i32,
  load8u,
  load32,
  loop,
  mul,
  name,
  or,
  popcnt,
  section,
  set,
  shl,
  shrU,
  store32,
  sub,
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

/** `for i < n { j, end = rows[i]; head; for j < end { ent, xs, k = base + feature·40; inner } tail }` */
function rowLoop(base: number, head: number[][], inner: number[][], tail: number[][]): number[] {
  return [
    ...i32(0),
    ...set(I),
    ...block(
      loop(
        get(I),
        get(1),
        geU,
        brIf(1),
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
        ...head,
        block(
          loop(
            get(J),
            get(END),
            geU,
            brIf(1),
            get(J),
            load32(0),
            tee(ENT),
            i32(255),
            and,
            i32(2),
            shl,
            vload32splat,
            set(XS),
            get(ENT),
            i32(8),
            shrU,
            i32(40),
            mul,
            get(base),
            add,
            set(K),
            ...inner,
            get(J),
            i32(4),
            add,
            set(J),
            br(0),
          ),
        ),
        ...tail,
        get(I),
        i32(1),
        add,
        set(I),
        br(0),
      ),
    ),
  ];
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
  return [
    ...i32(0),
    ...set(I),
    ...block(
      loop(
        get(I),
        get(1),
        geU,
        brIf(1),
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
        get(I),
        i32(1),
        add,
        set(I),
        br(0),
      ),
    ),
  ];
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
  return rowLoop(
    3,
    [gRow, vload(0), set(V0), get(P), vload(16), set(V1), get(P), vload64zero(32), set(V2)],
    [
      upd(V0, vload(0), vstore(0)),
      upd(V1, vload(16), vstore(16)),
      upd(V2, vload64zero(32), vstore64lane0(32)),
    ],
    [],
  );
}

/** The 16-bit mask of the non-zero bytes of the 16 pixels at `p`. */
const nonZeroMask = [...get(P), ...vload(0), ...vzero, ...bytesEq, ...bitmask, ...i32(0xffff), ...xor];

/** `for i < rows { head; for j < chunks { inner; p += 16 } tail }` over 16-pixel chunks from `src`. */
function chunkLoop(head: number[][], inner: number[][], tail: number[][]): number[] {
  return [
    ...get(0),
    ...set(P),
    ...i32(0),
    ...set(I),
    ...block(
      loop(
        get(I),
        get(1),
        geU,
        brIf(1),
        ...head,
        i32(0),
        set(J),
        block(
          loop(
            get(J),
            get(2),
            geU,
            brIf(1),
            ...inner,
            get(P),
            i32(16),
            add,
            set(P),
            get(J),
            i32(1),
            add,
            set(J),
            br(0),
          ),
        ),
        ...tail,
        get(I),
        i32(1),
        add,
        set(I),
        br(0),
      ),
    ),
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

/** fill16(src, rows, chunks, dst): writes `(feature << 8) | pixel` for each non-zero byte, in order. */
function fillBody(): number[] {
  const bits = loop(
    get(K),
    eqz,
    brIf(1),
    get(K),
    ctz,
    set(ENT),
    get(3),
    get(J),
    i32(4),
    shl,
    get(ENT),
    add,
    i32(8),
    shl,
    get(P),
    get(ENT),
    add,
    load8u(0),
    or,
    store32(0),
    get(3),
    i32(4),
    add,
    set(3),
    get(K),
    get(K),
    i32(1),
    sub,
    and,
    set(K),
    br(0),
  );
  return chunkLoop([], [nonZeroMask, set(K), block(bits)], []);
}

/** Pages of the shared memory's maximum (2 GiB), which a shared memory must declare. */
export const SHARED_MAX_PAGES = 32768;

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
