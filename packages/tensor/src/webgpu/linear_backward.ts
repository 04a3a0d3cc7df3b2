/**
 * Kernel: `gw[F×C] = Xᵀ · g` and `gb[C] = Σ_rows g`, X the selected dataset rows scaled by 1/255.
 * One invocation per output element (F·C weight cells, then C bias cells), each summing over the
 * batch rows in order, so the result is deterministic and needs no atomics.
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
  { name: "g", access: "read" },
  { name: "gw", access: "write" },
  { name: "gb", access: "write" },
];

/**
 * WGSL for the linear layer's weight and bias gradients. Dispatch
 * `ceil(linearBackwardInvocations(F, C) / workgroupSize)` workgroups (as a 2-D grid when needed). Params: `offset`, `count`.
 * @param o sizes: features F, classes C, whether rows come through an order tensor, workgroup size.
 * @returns the WGSL source.
 */
export function linearBackwardWgsl(o: LinearOptions): string {
  const { features: F, classes: C, workgroupSize: WG } = o;
  // Rows that start on a word boundary: one invocation per (word of 4 features, class), so each
  // image read serves four features and an all-zero word is skipped at once.
  const packed = F % 4 === 0;
  const cells = packed ? (F / 4) * C : F * C;
  const weightCell = packed
    ? /* wgsl */ `let k4 = t / C;
    let c = t % C;
    var acc = vec4f(0.0);
    for (var i = 0u; i < params.count; i++) {
      let word = images[rowOf(i) * ${F / 4}u + k4];
      if (word != 0u) {
        let x = vec4f(vec4u(word & 0xffu, (word >> 8u) & 0xffu, (word >> 16u) & 0xffu, word >> 24u)) / 255.0;
        acc += x * g[i * C + c];
      }
    }
    for (var j = 0u; j < 4u; j++) { gw[(k4 * 4u + j) * C + c] = acc[j]; }`
    : /* wgsl */ `let k = t / C;
    let c = t % C;
    var acc = 0.0;
    for (var i = 0u; i < params.count; i++) {
      let px = pixel(rowOf(i) * F + k);
      if (px != 0u) { acc += (f32(px) / 255.0) * g[i * C + c]; }
    }
    gw[t] = acc;`;
  return /* wgsl */ `${linearPreludeWgsl("linear_backward", o, BUFFERS)}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flatIndex(gid, groups);
  if (t < ${cells}u) {
    ${weightCell}
  } else if (t < ${cells + C}u) {
    let c = t - ${cells}u;
    var acc = 0.0;
    for (var i = 0u; i < params.count; i++) { acc += g[i * C + c]; }
    gb[c] = acc;
  }
}
`;
}

/** Invocations {@link linearBackwardWgsl} needs: weight cells (per word of 4 features when rows are word-aligned) plus C bias cells. */
export function linearBackwardInvocations(features: number, classes: number): number {
  return (features % 4 === 0 ? features / 4 : features) * classes + classes;
}

/** The pipeline cache key of {@link linearBackwardKernel}. */
export function linearBackwardKey(o: LinearOptions): string {
  return linearKey("linear_backward", o);
}

/** Fills the parameter block (`offset`, `count` of the selected rows); shared with the other linear kernel. */
export const writeLinearBackwardParams = writeLinearParams;

/** The {@link Kernel} for {@link linearBackwardWgsl}. */
export function linearBackwardKernel(o: LinearOptions): Kernel {
  return linearKernel("linear_backward", o, BUFFERS, linearBackwardWgsl(o));
}
