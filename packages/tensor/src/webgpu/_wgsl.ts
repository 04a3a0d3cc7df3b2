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
