/**
 * WGSL snippets shared by the kernels: how a kernel declares a storage buffer, finds the dataset row of
 * batch row `i`, reads a pixel byte out of the u32-packed images, and turns a 2-D dispatch back into one
 * index.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { Access } from "./_kernel.ts";

/**
 * Declares the buffer `name` of WGSL type `type` at `binding` (group 0): read-only storage, read-write
 * storage (`write`) or a uniform buffer (`uniform`, whose `type` must have a fixed size).
 */
export function storageWgsl(binding: number, name: string, access: Access, type: string): string {
  if (access === "uniform") return `@group(0) @binding(${binding}) var<uniform> ${name}: ${type};`;
  const mode = access === "write" ? "read_write" : "read";
  return `@group(0) @binding(${binding}) var<storage, ${mode}> ${name}: ${type};`;
}

/** How rows are chosen: through a `u32` permutation tensor (`ordered`) or in storage order. */
export interface RowOptions {
  readonly ordered: boolean;
}

/** Declares `order` (when ordered) and `fn rowOf(i)`: the dataset row of batch row `i`. */
export function rowOfWgsl(binding: number, { ordered }: RowOptions): string {
  if (!ordered) return /* wgsl */ `fn rowOf(i: u32) -> u32 { return params.offset + i; }`;
  return /* wgsl */ `@group(0) @binding(${binding}) var<storage, read> order: array<u32>;
fn rowOf(i: u32) -> u32 { return order[params.offset + i]; }`;
}

/** Declares `fn byteAt(data, i)`-style readers for u8 values packed four to a little-endian u32. */
export function byteAtWgsl(name: string, array: string): string {
  return /* wgsl */ `fn ${name}(i: u32) -> u32 { return (${array}[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }`;
}

/**
 * The flat invocation index of a 1-D problem dispatched as a 2-D grid (so no dimension exceeds
 * `maxComputeWorkgroupsPerDimension`): `gid.x + gid.y * (num_workgroups.x * workgroupSize)`.
 */
export function flatIndexWgsl(workgroupSize: number): string {
  return /* wgsl */ `fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * ${workgroupSize}u; }`;
}

/**
 * `count` copies of a statement, one per index 0…count−1, joined by newlines: a loop unrolled when
 * the kernel is generated, so private arrays are indexed by constants and stay in registers.
 */
export function unroll(count: number, line: (index: number) => string): string {
  return Array.from({ length: count }, (_v, i) => line(i)).join("\n    ");
}

/**
 * A row's softmax from its logits `zl` (an `array<f32, C>` in scope) and the bias `b[bias + c]`:
 * declares `z` (the biased logits), `zmax`, `arg` (the arg-max), `p` (the probabilities) and `sum`.
 * Indented for a function body.
 */
export function softmaxRowWgsl(C: number, bias: string): string {
  return `var z: array<f32, ${C}>;
  ${unroll(C, (c) => `z[${c}] = zl[${c}] + b[${bias}${c}u];`)}
  var zmax = z[0];
  var arg = 0u;
  ${unroll(C - 1, (c) => `if (z[${c + 1}] > zmax) { zmax = z[${c + 1}]; arg = ${c + 1}u; }`)}
  var p: array<f32, ${C}>;
  var sum = 0.0;
  ${unroll(C, (c) => `p[${c}] = exp(z[${c}] - zmax);`)}
  ${unroll(C, (c) => `sum += p[${c}];`)}
  ${unroll(C, (c) => `p[${c}] = p[${c}] / sum;`)}`;
}

/** The workgroup memory of {@link statsTreeWgsl}: a loss and a correct count per invocation. */
export function statsPartsWgsl(workgroupSize: number): string {
  return `var<workgroup> lossPart: array<f32, ${workgroupSize}>;
var<workgroup> correctPart: array<u32, ${workgroupSize}>;`;
}

/**
 * Adds every invocation's `lossSum` and `correct` up a tree in workgroup memory (a power-of-two
 * `workgroupSize`; {@link statsPartsWgsl}) and invocation 0 adds the totals to `stats[lossAt]` and
 * `stats[correctAt]`, so that they accumulate on the device without atomics on floats. Indented for
 * `main`'s body.
 */
export function statsTreeWgsl(workgroupSize: number, lossAt: string, correctAt: string): string {
  return `lossPart[lid] = lossSum;
  correctPart[lid] = correct;
  workgroupBarrier();
  for (var s = ${workgroupSize / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) {
      lossPart[lid] += lossPart[lid + s];
      correctPart[lid] += correctPart[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    stats[${lossAt}] += lossPart[0];
    stats[${correctAt}] += f32(correctPart[0]);
  }`;
}
