/**
 * Kernel: the second half of a fused training step of a group of models (`Backend.trainStepGroup`):
 * `train_update.ts` for the listed models of the stack in one dispatch — those of one optimiser
 * variant, so a group of one optimiser (a learning-rate sweep) updates in one dispatch and a mixed
 * group in one per variant present. Invocation `t` works on the `t / (cells + 2)`-th listed model
 * (its record in the parameter block names its place `m` in the stack) and does there what the
 * single-model kernel's invocation `t % (cells + 2)` does: weight gradient and update of its
 * features, the bias, or the model's stats `stats[2m…2m+2)` from its rows' pairs at `m·2n`.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import { groupParamBytes, groupParamsWgsl } from "./_group_params.ts";
import type { Kernel } from "./_kernel.ts";
import { biasSumWgsl, weightCellWgsl } from "./_weight_cell.ts";
import { byteAtWgsl, flatIndexWgsl, rowOfWgsl, storageWgsl } from "./_wgsl.ts";
import { bindingsOf, type FusedOptimizer, updateFnWgsl, weightCells } from "./train_update.ts";

/** Sizes and variant of {@link trainUpdateGroupWgsl}. */
export interface TrainUpdateGroupOptions {
  readonly optimizer: FusedOptimizer;
  readonly features: number;
  readonly classes: number;
  /** Models in the stack (the parameter block's record count). */
  readonly models: number;
  readonly ordered: boolean;
  readonly workgroupSize: number;
}

/** Invocations per listed model: the weight invocations, one for the bias and one for the stats. */
export function trainUpdateGroupInvocations(features: number): number {
  return weightCells(features) + 2;
}

/**
 * WGSL for the update dispatch of one optimiser variant: dispatch
 * `ceil(listed · trainUpdateGroupInvocations(F) / workgroupSize)` workgroups (2-D when needed).
 * @param o optimiser variant, features F, classes C, models, row selection, workgroup size.
 * @returns the WGSL source.
 */
export function trainUpdateGroupWgsl(o: TrainUpdateGroupOptions): string {
  const { features: F, classes: C, models: K, workgroupSize: WG } = o;
  const bindings = bindingsOf(o);
  const declared = bindings.map((b, i) => storageWgsl(i + 1, b.name, b.access, b.type)).join("\n");
  const cells = weightCells(F);
  // The single-model kernel's cell with the model's offsets: gradients at gb, parameters at wb.
  const weightCell = weightCellWgsl(F, C, "wb", "gb");
  const update = (param: string) => updateFnWgsl(o.optimizer, param).replaceAll("params.", "mp.");
  return /* wgsl */ `// train_update_group optimizer=${o.optimizer} F=${F} C=${C} models=${K} ordered=${o.ordered} workgroup=${WG}
const F = ${F}u;
const C = ${C}u;
${groupParamsWgsl(K)}
@group(0) @binding(0) var<uniform> params: Params;
${declared}
${rowOfWgsl(bindings.length + 1, o)}
${byteAtWgsl("pixel", "images")}
${flatIndexWgsl(WG)}
var<private> mp: Member;
${update("w")}
${update("b")}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let flat = flatIndex(gid, groups);
  let listed = flat / ${cells + 2}u;
  if (listed >= params.models) { return; }
  let t = flat % ${cells + 2}u;
  mp = params.members[listed];
  let m = mp.index;
  let wb = m * F * C;
  let gb = m * params.count * C;
  if (t < ${cells}u) {
    ${weightCell}
  } else if (t == ${cells}u) {
    ${biasSumWgsl(C, "gb")}
    for (var c = 0u; c < C; c++) { update_b(m * C + c, acc[c]); }
  } else {
    var loss = 0.0;
    var correct = 0.0;
    let pb = 2u * m * params.count;
    for (var k = 0u; k < params.count; k++) {
      loss += partials[pb + 2u * k];
      correct += partials[pb + 2u * k + 1u];
    }
    stats[2u * m] += loss;
    stats[2u * m + 1u] += correct;
  }
}
`;
}

/** The pipeline cache key of {@link trainUpdateGroupKernel}. */
export function trainUpdateGroupKey(o: TrainUpdateGroupOptions): string {
  return `train_update_group/${o.optimizer}/${o.features}/${o.classes}/${o.models}/${o.ordered}/${o.workgroupSize}`;
}

/** The {@link Kernel} for {@link trainUpdateGroupWgsl}. */
export function trainUpdateGroupKernel(o: TrainUpdateGroupOptions): Kernel {
  const storage = bindingsOf(o).map((b) => b.access);
  if (o.ordered) storage.push("read");
  return {
    key: trainUpdateGroupKey(o),
    code: trainUpdateGroupWgsl(o),
    storage,
    paramBytes: groupParamBytes(o.models),
  };
}
