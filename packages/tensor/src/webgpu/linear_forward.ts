/**
 * Kernel: `out[n×C] = X · W + b`, X the selected dataset rows scaled by 1/255.
 * One workgroup per batch row; its invocations stride over the row's pixels (four per u32 word, an
 * all-zero word skipped) and the per-class partial sums are reduced in workgroup memory.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { Kernel } from "./_kernel.ts";
import { byteAtWgsl, rowOfWgsl } from "./_wgsl.ts";

/** Sizes and variant of {@link linearForwardWgsl}. */
export interface LinearForwardOptions {
  readonly features: number;
  readonly classes: number;
  readonly ordered: boolean;
  readonly workgroupSize: number;
}

/**
 * WGSL for one linear forward pass. Dispatch one workgroup per row (a 2-D grid when rows exceed the
 * per-dimension limit). Params: `offset`, `count`.
 * @param o sizes: features F, classes C, whether rows come through an order tensor, workgroup size.
 * @returns the WGSL source.
 */
export function linearForwardWgsl(o: LinearForwardOptions): string {
  const { features: F, classes: C, workgroupSize: WG } = o;
  const packedRows = F % 4 === 0;
  const pixelLoop = packedRows
    ? /* wgsl */ `let base = row * ${F / 4}u;
  for (var k = lid; k < ${F / 4}u; k += ${WG}u) {
    let word = images[base + k];
    if (word == 0u) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let px = (word >> (j * 8u)) & 0xffu;
      if (px == 0u) { continue; }
      let x = f32(px) / 255.0;
      let wk = (k * 4u + j) * C;
      for (var c = 0u; c < C; c++) { acc[c] += x * w[wk + c]; }
    }
  }`
    : /* wgsl */ `let base = row * F;
  for (var k = lid; k < F; k += ${WG}u) {
    let px = pixel(base + k);
    if (px == 0u) { continue; }
    let x = f32(px) / 255.0;
    for (var c = 0u; c < C; c++) { acc[c] += x * w[k * C + c]; }
  }`;
  return /* wgsl */ `// linear_forward F=${F} C=${C} ordered=${o.ordered} workgroup=${WG}
const F = ${F}u;
const C = ${C}u;
struct Params { offset: u32, count: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
${rowOfWgsl(5, o)}
${byteAtWgsl("pixel", "images")}
var<workgroup> partial: array<f32, ${WG * C}>;

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = wid.x + wid.y * groups.x;
  if (i >= params.count) { return; }
  let row = rowOf(i);
  var acc: array<f32, ${C}>;
  ${pixelLoop}
  for (var c = 0u; c < C; c++) { partial[lid * C + c] = acc[c]; }
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) {
      for (var c = 0u; c < C; c++) { partial[lid * C + c] += partial[(lid + s) * C + c]; }
    }
    workgroupBarrier();
  }
  for (var c = lid; c < C; c += ${WG}u) { out[i * C + c] = partial[c] + b[c]; }
}
`;
}

/** The {@link Kernel} for {@link linearForwardWgsl}. */
export function linearForwardKernel(o: LinearForwardOptions): Kernel {
  return {
    key: `linear_forward/${o.features}/${o.classes}/${o.ordered}/${o.workgroupSize}`,
    code: linearForwardWgsl(o),
    storage: o.ordered ? ["read", "read", "read", "write", "read"] : ["read", "read", "read", "write"],
  };
}
