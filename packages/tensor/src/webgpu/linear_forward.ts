/**
 * Kernel: `out[n×C] = X · W + b`, X the selected dataset rows scaled by 1/255.
 * Each invocation sums a tile of rows × classes over every pixel (`_row_tile.ts`), with no
 * workgroup memory and no barriers.
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
import { type RowTile, rowTile, rowTileWgsl, rowTileWorkgroups, weightsBinding } from "./_row_tile.ts";

/** {@link LinearOptions} and how many bytes of weights a uniform binding may take (0: none). */
export interface LinearForwardOptions extends LinearOptions {
  readonly uniformBytes: number;
}

/** The tile of a linear forward pass; `weights` says whether `w` is bound as a uniform buffer. */
export function linearForwardTile(o: LinearForwardOptions): RowTile {
  return rowTile(o.features, o.classes, o.uniformBytes);
}

/** Bindings 2–4, after the images. */
function buffersOf(tile: RowTile): readonly LinearBuffer[] {
  return [
    { name: "w", ...weightsBinding(tile) },
    { name: "b", access: "read" },
    { name: "out", access: "write" },
  ];
}

/** Workgroups of a linear forward dispatch over `count` rows. */
export function linearForwardWorkgroups(o: LinearForwardOptions, count: number): number {
  return rowTileWorkgroups(count, linearForwardTile(o), o.workgroupSize);
}

/**
 * WGSL for one linear forward pass. Dispatch {@link linearForwardWorkgroups} workgroups (a 2-D grid
 * when that exceeds the per-dimension limit). Params: `offset`, `count`.
 * @param o sizes: features F, classes C, whether rows come through an order tensor, workgroup size,
 * and the bytes of weights a uniform binding may take.
 * @returns the WGSL source.
 */
export function linearForwardWgsl(o: LinearForwardOptions): string {
  const { features: F, classes: C, workgroupSize: WG } = o;
  const tile = linearForwardTile(o);
  const store = (r: number, c: number) => {
    const line = `out[i${r} * C + c0 + ${c}u] = a${r}_${c} + b[c0 + ${c}u];`;
    return tile.blocks === 1 ? line : `if (c0 + ${c}u < C) { ${line} }`;
  };
  const cs = Array.from({ length: tile.classes }, (_v, c) => c);
  const stores = Array.from(
    { length: tile.rows },
    (_v, r) => `if (i${r} < params.count) {\n    ${cs.map((c) => store(r, c)).join("\n    ")}\n  }`,
  ).join("\n  ");
  return /* wgsl */ `${linearPreludeWgsl("linear_forward", o, buffersOf(tile))}

@compute @workgroup_size(${WG})
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  ${rowTileWgsl(F, C, tile, WG)}
  ${stores}
}
`;
}

/** The pipeline cache key of {@link linearForwardKernel}. */
export function linearForwardKey(o: LinearForwardOptions): string {
  return `${linearKey("linear_forward", o)}/${linearForwardTile(o).weights}`;
}

/** Fills the parameter block (`offset`, `count` of the selected rows); shared with the other linear kernel. */
export const writeLinearForwardParams = writeLinearParams;

/** The {@link Kernel} for {@link linearForwardWgsl}. */
export function linearForwardKernel(o: LinearForwardOptions): Kernel {
  const kernel = linearKernel("linear_forward", o, buffersOf(linearForwardTile(o)), linearForwardWgsl(o));
  return { ...kernel, key: linearForwardKey(o) };
}
