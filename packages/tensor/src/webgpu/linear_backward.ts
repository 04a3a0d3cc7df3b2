/**
 * Kernel: `gw[F×C] = Xᵀ · g` and `gb[C] = Σ_rows g`, X the selected dataset rows scaled by 1/255.
 * One invocation per output element (F·C weight cells, then C bias cells), each summing over the
 * batch rows in order, so the result is deterministic and needs no atomics.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { Kernel } from "./_kernel.ts";
import { byteAtWgsl, flatIndexWgsl, rowOfWgsl } from "./_wgsl.ts";

/** Sizes and variant of {@link linearBackwardWgsl}. */
export interface LinearBackwardOptions {
  readonly features: number;
  readonly classes: number;
  readonly ordered: boolean;
  readonly workgroupSize: number;
}

/**
 * WGSL for the linear layer's weight and bias gradients. Dispatch `ceil((F·C + C) / workgroupSize)`
 * workgroups (as a 2-D grid when needed). Params: `offset`, `count`.
 * @param o sizes: features F, classes C, whether rows come through an order tensor, workgroup size.
 * @returns the WGSL source.
 */
export function linearBackwardWgsl(o: LinearBackwardOptions): string {
  const { features: F, classes: C, workgroupSize: WG } = o;
  return /* wgsl */ `// linear_backward F=${F} C=${C} ordered=${o.ordered} workgroup=${WG}
const F = ${F}u;
const C = ${C}u;
struct Params { offset: u32, count: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(3) var<storage, read_write> gw: array<f32>;
@group(0) @binding(4) var<storage, read_write> gb: array<f32>;
${rowOfWgsl(5, o)}
${byteAtWgsl("pixel", "images")}
${flatIndexWgsl(WG)}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flatIndex(gid, groups);
  if (t < F * C) {
    let k = t / C;
    let c = t % C;
    var acc = 0.0;
    for (var i = 0u; i < params.count; i++) {
      let px = pixel(rowOf(i) * F + k);
      if (px != 0u) { acc += (f32(px) / 255.0) * g[i * C + c]; }
    }
    gw[t] = acc;
  } else if (t < F * C + C) {
    let c = t - F * C;
    var acc = 0.0;
    for (var i = 0u; i < params.count; i++) { acc += g[i * C + c]; }
    gb[c] = acc;
  }
}
`;
}

/** The {@link Kernel} for {@link linearBackwardWgsl}. */
export function linearBackwardKernel(o: LinearBackwardOptions): Kernel {
  return {
    key: `linear_backward/${o.features}/${o.classes}/${o.ordered}/${o.workgroupSize}`,
    code: linearBackwardWgsl(o),
    storage: o.ordered ? ["read", "read", "write", "write", "read"] : ["read", "read", "write", "write"],
  };
}
