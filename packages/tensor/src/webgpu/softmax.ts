/**
 * Kernel: row-wise softmax of `z[n×C]`, max-subtracted. One invocation per row.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import { type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { flatIndexWgsl } from "./_wgsl.ts";

const PARAMS = paramStruct({ rows: "u32" });

/** Sizes and variant of {@link softmaxWgsl}. */
export interface SoftmaxOptions {
  readonly classes: number;
  /** `out` is `z` itself. */
  readonly inPlace: boolean;
  readonly workgroupSize: number;
}

/**
 * WGSL for a row-wise softmax. Dispatch `ceil(n / workgroupSize)` workgroups (2-D when needed).
 * Params: `rows`.
 * @param o classes C, whether the output overwrites the input, workgroup size.
 * @returns the WGSL source.
 */
export function softmaxWgsl(o: SoftmaxOptions): string {
  const { classes: C, workgroupSize: WG } = o;
  const bindings = o.inPlace
    ? `@group(0) @binding(1) var<storage, read_write> z: array<f32>;`
    : `@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;`;
  const out = o.inPlace ? "z" : "out";
  return /* wgsl */ `// softmax C=${C} inPlace=${o.inPlace} workgroup=${WG}
const C = ${C}u;
${PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
${bindings}
${flatIndexWgsl(WG)}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flatIndex(gid, groups);
  if (i >= params.rows) { return; }
  let o = i * C;
  var zmax = z[o];
  for (var c = 1u; c < C; c++) { zmax = max(zmax, z[o + c]); }
  var e: array<f32, ${C}>;
  var sum = 0.0;
  for (var c = 0u; c < C; c++) { e[c] = exp(z[o + c] - zmax); sum += e[c]; }
  for (var c = 0u; c < C; c++) { ${out}[o + c] = e[c] / sum; }
}
`;
}

/** The pipeline cache key of {@link softmaxKernel}. */
export function softmaxKey(o: SoftmaxOptions): string {
  return `softmax/${o.classes}/${o.inPlace}/${o.workgroupSize}`;
}

/** Fills a softmax's parameter block for `rows` rows. */
export function writeSoftmaxParams(block: ParamBlock, rows: number): void {
  PARAMS.write(block, { rows });
}

/** The {@link Kernel} for {@link softmaxWgsl}. */
export function softmaxKernel(o: SoftmaxOptions): Kernel {
  return {
    key: softmaxKey(o),
    code: softmaxWgsl(o),
    storage: o.inPlace ? ["write"] : ["read", "write"],
  };
}
