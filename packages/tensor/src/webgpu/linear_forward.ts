/**
 * Kernel: `out[n×C] = X · W + b`, X the selected dataset rows scaled by 1/255.
 * One invocation per output element (row, class): it walks the row's pixels four to a u32 word,
 * skipping all-zero words (most of an MNIST row), with no workgroup memory and no barriers, so it
 * is fast on real GPUs and on CPU emulations (lavapipe, SwiftShader) alike.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { Kernel } from "./_kernel.ts";
import {
  type LinearBuffer,
  type LinearOptions,
  linearKernel,
  linearKey,
  linearPreludeWgsl,
  writeLinearParams,
} from "./_linear.ts";

/** Bindings 2–4, after the images. */
const BUFFERS: readonly LinearBuffer[] = [
  { name: "w", access: "read" },
  { name: "b", access: "read" },
  { name: "out", access: "write" },
];

/**
 * WGSL for one linear forward pass. Dispatch `ceil(n·C / workgroupSize)` workgroups (a 2-D grid when
 * that exceeds the per-dimension limit). Params: `offset`, `count`.
 * @param o sizes: features F, classes C, whether rows come through an order tensor, workgroup size.
 * @returns the WGSL source.
 */
export function linearForwardWgsl(o: LinearOptions): string {
  const { features: F, workgroupSize: WG } = o;
  const pixelLoop =
    F % 4 === 0
      ? /* wgsl */ `let base = row * ${F / 4}u;
  for (var k4 = 0u; k4 < ${F / 4}u; k4++) {
    let word = images[base + k4];
    if (word == 0u) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let px = (word >> (j * 8u)) & 0xffu;
      if (px != 0u) { acc += (f32(px) / 255.0) * w[(k4 * 4u + j) * C + c]; }
    }
  }`
      : /* wgsl */ `let base = row * F;
  for (var k = 0u; k < F; k++) {
    let px = pixel(base + k);
    if (px != 0u) { acc += (f32(px) / 255.0) * w[k * C + c]; }
  }`;
  return /* wgsl */ `${linearPreludeWgsl("linear_forward", o, BUFFERS)}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flatIndex(gid, groups);
  if (t >= params.count * C) { return; }
  let i = t / C;
  let c = t % C;
  let row = rowOf(i);
  var acc = 0.0;
  ${pixelLoop}
  out[t] = acc + b[c];
}
`;
}

/** The pipeline cache key of {@link linearForwardKernel}. */
export function linearForwardKey(o: LinearOptions): string {
  return linearKey("linear_forward", o);
}

/** Fills the parameter block (`offset`, `count` of the selected rows); shared with the other linear kernel. */
export const writeLinearForwardParams = writeLinearParams;

/** The {@link Kernel} for {@link linearForwardWgsl}. */
export function linearForwardKernel(o: LinearOptions): Kernel {
  return linearKernel("linear_forward", o, BUFFERS, linearForwardWgsl(o));
}
