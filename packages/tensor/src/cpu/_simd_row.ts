/**
 * A ten-class float32 row as the SIMD kernels hold it: three parts, classes 0–3 and 4–7 in full
 * vectors and 8–9 in the low half of a third (`v128.load64_zero`, stored back with
 * `v128.store64_lane 0`), so a row costs three loads and three stores. The fragments here load,
 * accumulate into and update such a row on a kernel's named locals.
 *
 * Runtime-neutral.
 * @module
 */
import { LANES_0_3, LANES_4_7, LANES_8_9 } from "./_simd_layout.ts";
import { fadd, fmul, vload, vload64zero, vstore, vstore64lane0 } from "./_wasm.ts";
import type { WasmFunction } from "./_wasm_builder.ts";

/** A row's three parts: how each is loaded from and stored to the row's address. */
export const ROW_PARTS: readonly { readonly load: number[]; readonly store: number[] }[] = [
  { load: vload(LANES_0_3), store: vstore(LANES_0_3) },
  { load: vload(LANES_4_7), store: vstore(LANES_4_7) },
  { load: vload64zero(LANES_8_9), store: vstore64lane0(LANES_8_9) },
];

/**
 * The locals of a one-model pass that takes a row's entries two at a time: two sets of row sums
 * (`v0`–`v2` for even entries, `v3`–`v5` for odd ones, added at the end) and each entry's splat
 * scale. `forward10` and `forwardK` declare them in this order (their locals' indices, and so the
 * module bytes, follow it).
 */
export const PAIRED_ROW_LOCALS = {
  v0: "v128",
  v1: "v128",
  v2: "v128",
  xs: "v128",
  v3: "v128",
  v4: "v128",
  v5: "v128",
  xs2: "v128",
} as const;

/** Three locals, one per part of a row. */
export type RowVectors<N extends string> = readonly [N, N, N];

/** With the row's address on the stack: `at = address; parts = the row at it`. */
export function loadRow<N extends string>(f: WasmFunction<N>, at: N, parts: RowVectors<N>): number[] {
  return ROW_PARTS.flatMap(({ load }, i) => [
    ...(i === 0 ? f.tee(at) : f.get(at)),
    ...load,
    ...f.set(parts[i]),
  ]);
}

/** `sums += xs · the row at address row`, part by part (a multiply, then an add: no fused rounding). */
export function accumulateRow<N extends string>(
  f: WasmFunction<N>,
  sums: RowVectors<N>,
  xs: N,
  row: N,
): number[][] {
  return ROW_PARTS.map(({ load }, i) => [
    ...f.get(sums[i]),
    ...f.get(xs),
    ...f.get(row),
    ...load,
    ...fmul,
    ...fadd,
    ...f.set(sums[i]),
  ]);
}

/**
 * The row at address `at` replaced, part by part, by `part i of the row` followed by `combine(i)`
 * (which leaves the new part on the stack).
 */
export function updateRow<N extends string>(
  f: WasmFunction<N>,
  at: N,
  combine: (part: number) => number[],
): number[][] {
  return ROW_PARTS.map(({ load, store }, i) => [
    ...f.get(at),
    ...f.get(at),
    ...load,
    ...combine(i),
    ...store,
  ]);
}
