/**
 * Kernel: one in-place Adam step with `torch.optim.Adam` semantics (L2 weight decay, bias correction).
 * One invocation per parameter. The bias corrections depend on the step number, so they are computed
 * on the host in double precision and travel in the dispatch's own parameter block.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { AdamParams } from "../backend.ts";
import { type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { flatIndexWgsl } from "./_wgsl.ts";

const PARAMS = paramStruct({
  length: "u32",
  stepSize: "f32",
  beta1: "f32",
  beta2: "f32",
  eps: "f32",
  weightDecay: "f32",
  bc2Sqrt: "f32",
});

/** Variant of {@link adamStepWgsl}. */
export interface AdamStepOptions {
  readonly workgroupSize: number;
}

/**
 * WGSL for an Adam step. Dispatch `ceil(length / workgroupSize)` workgroups (2-D when needed).
 * Params: `length`, `stepSize = lr / (1 − β1^t)`, `beta1`, `beta2`, `eps`, `weightDecay`,
 * `bc2Sqrt = √(1 − β2^t)`.
 * @param o workgroup size.
 * @returns the WGSL source.
 */
export function adamStepWgsl(o: AdamStepOptions): string {
  const WG = o.workgroupSize;
  return /* wgsl */ `// adam_step workgroup=${WG}
${PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
${flatIndexWgsl(WG)}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flatIndex(gid, groups);
  if (i >= params.length) { return; }
  let g = grad[i] + params.weightDecay * param[i];
  let mi = params.beta1 * m[i] + (1.0 - params.beta1) * g;
  let vi = params.beta2 * v[i] + (1.0 - params.beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  param[i] -= params.stepSize * (mi / (sqrt(vi) / params.bc2Sqrt + params.eps));
}
`;
}

/** The pipeline cache key of {@link adamStepKernel}. */
export function adamStepKey(o: AdamStepOptions): string {
  return `adam_step/${o.workgroupSize}`;
}

/** Fills an Adam step's parameter block for `length` parameters, bias corrections folded in. */
export function writeAdamStepParams(block: ParamBlock, length: number, p: AdamParams): void {
  PARAMS.write(block, {
    length,
    stepSize: p.lr / (1 - p.beta1 ** p.step),
    beta1: p.beta1,
    beta2: p.beta2,
    eps: p.eps,
    weightDecay: p.weightDecay,
    bc2Sqrt: Math.sqrt(1 - p.beta2 ** p.step),
  });
}

/** The {@link Kernel} for {@link adamStepWgsl}. */
export function adamStepKernel(o: AdamStepOptions): Kernel {
  return {
    key: adamStepKey(o),
    code: adamStepWgsl(o),
    storage: ["write", "read", "write", "write"],
  };
}
