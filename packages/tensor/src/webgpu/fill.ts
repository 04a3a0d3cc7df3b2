/**
 * Kernel: set every 32-bit element of a tensor to one bit pattern (the f32 or u32 value's bits).
 * One invocation per element. Filling with zero uses `clearBuffer` instead.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import { type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { flatIndexWgsl } from "./_wgsl.ts";

const PARAMS = paramStruct({ length: "u32", bits: "u32" });

/** Variant of {@link fillWgsl}. */
export interface FillOptions {
  readonly workgroupSize: number;
}

/**
 * WGSL for a fill. Dispatch `ceil(length / workgroupSize)` workgroups (2-D when needed).
 * Params: `length`, `bits`.
 * @param o workgroup size.
 * @returns the WGSL source.
 */
export function fillWgsl(o: FillOptions): string {
  const WG = o.workgroupSize;
  return /* wgsl */ `// fill workgroup=${WG}
${PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> data: array<u32>;
${flatIndexWgsl(WG)}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flatIndex(gid, groups);
  if (i < params.length) { data[i] = params.bits; }
}
`;
}

/** The pipeline cache key of {@link fillKernel}. */
export function fillKey(o: FillOptions): string {
  return `fill/${o.workgroupSize}`;
}

/** Fills a fill's parameter block: `length` words set to the 32-bit pattern `bits`. */
export function writeFillParams(block: ParamBlock, length: number, bits: number): void {
  PARAMS.write(block, { length, bits });
}

/** The {@link Kernel} for {@link fillWgsl}. */
export function fillKernel(o: FillOptions): Kernel {
  return { key: fillKey(o), code: fillWgsl(o), storage: ["write"] };
}
