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
import { type RowTile, rowTile, rowTileWgsl, rowTileWorkgroups, weightsType } from "./_row_tile.ts";

/** Bindings 2–4, after the images. */
function buffersOf(tile: RowTile): readonly LinearBuffer[] {
  return [
    { name: "w", access: "read", type: weightsType(tile) },
    { name: "b", access: "read" },
    { name: "out", access: "write" },
  ];
}

/** Workgroups of a linear forward dispatch over `count` rows of `classes` classes. */
export function linearForwardWorkgroups(o: LinearOptions, count: number): number {
  return rowTileWorkgroups(count, rowTile(o.features, o.classes), o.workgroupSize);
}

/**
 * WGSL for one linear forward pass. Dispatch {@link linearForwardWorkgroups} workgroups (a 2-D grid
 * when that exceeds the per-dimension limit). Params: `offset`, `count`.
 * @param o sizes: features F, classes C, whether rows come through an order tensor, workgroup size.
 * @returns the WGSL source.
 */
export function linearForwardWgsl(o: LinearOptions): string {
  const { features: F, classes: C, workgroupSize: WG } = o;
  const tile = rowTile(F, C);
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
export function linearForwardKey(o: LinearOptions): string {
  return linearKey("linear_forward", o);
}

/** Fills the parameter block (`offset`, `count` of the selected rows); shared with the other linear kernel. */
export const writeLinearForwardParams = writeLinearParams;

/** The {@link Kernel} for {@link linearForwardWgsl}. */
export function linearForwardKernel(o: LinearOptions): Kernel {
  return linearKernel("linear_forward", o, buffersOf(rowTile(o.features, o.classes)), linearForwardWgsl(o));
}
