/**
 * Kernel: one in-place SGD step with `torch.optim.SGD` semantics (weight decay, momentum with
 * dampening, Nesterov). One invocation per parameter. The hyper-parameters come from the dispatch's
 * own parameter block, so many steps with different learning rates can be recorded before a submit.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { SgdParams } from "../backend.ts";
import { type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { flatIndexWgsl } from "./_wgsl.ts";

const PARAMS = paramStruct({
  length: "u32",
  step: "u32",
  lr: "f32",
  momentum: "f32",
  dampening: "f32",
  weightDecay: "f32",
  nesterov: "u32",
});

/** Variant of {@link sgdStepWgsl}. */
export interface SgdStepOptions {
  /** Whether a velocity buffer is bound (momentum ≠ 0). */
  readonly momentum: boolean;
  readonly workgroupSize: number;
}

/**
 * WGSL for an SGD step. Dispatch `ceil(length / workgroupSize)` workgroups (2-D when needed).
 * Params: `length`, `step` (1-based), `lr`, `momentum`, `dampening`, `weightDecay`, `nesterov` (0/1).
 * @param o whether momentum is used, workgroup size.
 * @returns the WGSL source.
 */
export function sgdStepWgsl(o: SgdStepOptions): string {
  const WG = o.workgroupSize;
  const momentum = o.momentum
    ? /* wgsl */ `
  if (params.step == 1u) {
    velocity[i] = g;
  } else {
    velocity[i] = params.momentum * velocity[i] + (1.0 - params.dampening) * g;
  }
  if (params.nesterov != 0u) { g = g + params.momentum * velocity[i]; } else { g = velocity[i]; }`
    : "";
  return /* wgsl */ `// sgd_step momentum=${o.momentum} workgroup=${WG}
${PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
${o.momentum ? "@group(0) @binding(3) var<storage, read_write> velocity: array<f32>;" : ""}
${flatIndexWgsl(WG)}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flatIndex(gid, groups);
  if (i >= params.length) { return; }
  var g = grad[i] + params.weightDecay * param[i];${momentum}
  param[i] -= params.lr * g;
}
`;
}

/** The pipeline cache key of {@link sgdStepKernel}. */
export function sgdStepKey(o: SgdStepOptions): string {
  return `sgd_step/${o.momentum}/${o.workgroupSize}`;
}

/** Fills an SGD step's parameter block for `length` parameters. */
export function writeSgdStepParams(block: ParamBlock, length: number, p: SgdParams): void {
  PARAMS.write(block, {
    length,
    step: p.step,
    lr: p.lr,
    momentum: p.momentum,
    dampening: p.dampening,
    weightDecay: p.weightDecay,
    nesterov: p.nesterov ? 1 : 0,
  });
}

/** The {@link Kernel} for {@link sgdStepWgsl}. */
export function sgdStepKernel(o: SgdStepOptions): Kernel {
  return {
    key: sgdStepKey(o),
    code: sgdStepWgsl(o),
    storage: o.momentum ? ["write", "read", "write"] : ["write", "read"],
  };
}
