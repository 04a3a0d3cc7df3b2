/**
 * Kernel: the second half of a fused training step — weight and bias gradients of the batch and the
 * optimiser update in one pass. One invocation per word of 4 features (per feature when rows are not
 * word-aligned) sums `Xᵀ·g` for all C classes over the batch rows in order, and updates those
 * parameters and their optimiser state at once, as `sgd_step.ts` / `adam_step.ts` do, so the
 * gradient never goes to memory; one invocation does the same for the bias, and one last invocation
 * adds the forward half's per-workgroup loss sums and correct counts (`partials`) to `stats`, in
 * workgroup order.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { RowSelection, StepUpdate } from "../backend.ts";
import { type Access, type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { biasSumWgsl, gradType, weightCells, weightCellWgsl } from "./_weight_cell.ts";
import { byteAtWgsl, flatIndexWgsl, rowOfWgsl, storageWgsl } from "./_wgsl.ts";

export { weightCells };

const PARAMS = paramStruct({
  offset: "u32",
  count: "u32",
  partials: "u32",
  step: "u32",
  lr: "f32",
  momentum: "f32",
  dampening: "f32",
  weightDecay: "f32",
  nesterov: "u32",
  stepSize: "f32",
  beta1: "f32",
  beta2: "f32",
  eps: "f32",
  bc2Sqrt: "f32",
});

/** Which update {@link trainUpdateWgsl} applies and so which state buffers it binds. */
export type FusedOptimizer = "sgd" | "sgd-momentum" | "adam";

/** Sizes and variant of {@link trainUpdateWgsl}. */
export interface TrainUpdateOptions {
  readonly optimizer: FusedOptimizer;
  readonly features: number;
  readonly classes: number;
  readonly ordered: boolean;
  readonly workgroupSize: number;
  /** Read batch row \`i\`'s dataset row from \`partials[2n + i]\`, where the sparse forward put it. */
  readonly forwardRows?: boolean;
}

/** The state buffers of each optimiser, per parameter, in binding order. */
const STATE: Readonly<Record<FusedOptimizer, readonly string[]>> = {
  sgd: [],
  "sgd-momentum": ["velocity"],
  adam: ["m", "v"],
};

/** The fused optimiser variant of an update. */
export function fusedOptimizer(update: StepUpdate): FusedOptimizer {
  if (update.kind === "adam") return "adam";
  return update.params.momentum !== 0 ? "sgd-momentum" : "sgd";
}

/** Storage buffers {@link trainUpdateWgsl} binds (up to 11, above the default limit of 8). */
export function trainUpdateBindings(optimizer: FusedOptimizer, ordered: boolean): number {
  return 6 + 2 * STATE[optimizer].length + (ordered ? 1 : 0);
}

export function bindingsOf(o: TrainUpdateOptions): { name: string; access: Access; type: string }[] {
  const list: { name: string; access: Access; type: string }[] = [
    { name: "images", access: "read", type: "array<u32>" },
    { name: "g", access: "read", type: gradType(o.classes) },
    { name: "partials", access: "read", type: "array<f32>" },
    { name: "stats", access: "write", type: "array<f32>" },
    { name: "w", access: "write", type: "array<f32>" },
    { name: "b", access: "write", type: "array<f32>" },
  ];
  for (const param of ["w", "b"]) {
    for (const slot of STATE[o.optimizer])
      list.push({ name: `${slot}_${param}`, access: "write", type: "array<f32>" });
  }
  return list;
}

/** `fn update_<param>(i, grad)`: one optimiser step on `param[i]` given its gradient. */
export function updateFnWgsl(optimizer: FusedOptimizer, param: string): string {
  const binding = optimizer === "sgd-momentum" ? "var" : "let";
  const head = `fn update_${param}(i: u32, grad: f32) {
  ${binding} d = grad + params.weightDecay * ${param}[i];`;
  if (optimizer === "adam") {
    return /* wgsl */ `${head}
  let mi = params.beta1 * m_${param}[i] + (1.0 - params.beta1) * d;
  let vi = params.beta2 * v_${param}[i] + (1.0 - params.beta2) * d * d;
  m_${param}[i] = mi;
  v_${param}[i] = vi;
  ${param}[i] -= params.stepSize * (mi / (sqrt(vi) / params.bc2Sqrt + params.eps));
}`;
  }
  const momentum =
    optimizer === "sgd-momentum"
      ? /* wgsl */ `
  if (params.step == 1u) {
    velocity_${param}[i] = d;
  } else {
    velocity_${param}[i] = params.momentum * velocity_${param}[i] + (1.0 - params.dampening) * d;
  }
  if (params.nesterov != 0u) { d = d + params.momentum * velocity_${param}[i]; } else { d = velocity_${param}[i]; }`
      : "";
  return /* wgsl */ `${head}${momentum}
  ${param}[i] -= params.lr * d;
}`;
}

const FORWARDED_ROW_OF = /* wgsl */ `fn rowOf(i: u32) -> u32 { return bitcast<u32>(partials[2u * params.count + i]); }`;

/** Invocations {@link trainUpdateWgsl} needs: the weight invocations, one for the bias and one for the stats. */
export function trainUpdateInvocations(features: number, _classes: number): number {
  return weightCells(features) + 2;
}

/**
 * WGSL for the second dispatch of a fused training step. Dispatch
 * `ceil(trainUpdateInvocations(F, C) / workgroupSize)` workgroups (2-D when needed).
 * Params: `offset`, `count`, `partials` (workgroups of the forward half, each of which wrote a (loss sum, correct count) pair),
 * and the optimiser's: `step`, `lr`, `momentum`, `dampening`, `weightDecay`, `nesterov` (SGD);
 * `stepSize = lr / (1 − β1^t)`, `beta1`, `beta2`, `eps`, `weightDecay`, `bc2Sqrt = √(1 − β2^t)` (Adam).
 * @param o optimiser, features F, classes C, row selection, workgroup size.
 * @returns the WGSL source.
 */
export function trainUpdateWgsl(o: TrainUpdateOptions): string {
  const { features: F, classes: C, workgroupSize: WG } = o;
  const bindings = bindingsOf(o);
  const declared = bindings.map((b, i) => storageWgsl(i + 1, b.name, b.access, b.type)).join("\n");
  const cells = weightCells(F);
  // An invocation owns a cell of features × all C classes (`_weight_cell.ts`): a row's image words
  // are read once for all classes, consecutive invocations read consecutive words, and the row's C
  // gradients are the same for every invocation. The class loops are unrolled so the accumulators
  // stay in registers (a private array indexed by a loop variable lives in memory on lavapipe).
  const weightCell = weightCellWgsl(F, C, "0u", "0u");
  return /* wgsl */ `// train_update optimizer=${o.optimizer} F=${F} C=${C} ordered=${o.ordered} workgroup=${WG}${o.forwardRows ? " forwardRows" : ""}
const F = ${F}u;
const C = ${C}u;
${PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
${declared}
${o.forwardRows ? FORWARDED_ROW_OF : rowOfWgsl(bindings.length + 1, o)}
${byteAtWgsl("pixel", "images")}
${flatIndexWgsl(WG)}
${updateFnWgsl(o.optimizer, "w")}
${updateFnWgsl(o.optimizer, "b")}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flatIndex(gid, groups);
  if (t < ${cells}u) {
    ${weightCell}
  } else if (t == ${cells}u) {
    ${biasSumWgsl(C, "0u")}
    for (var c = 0u; c < C; c++) { update_b(c, acc[c]); }
  } else if (t == ${cells + 1}u) {
    var loss = 0.0;
    var correct = 0.0;
    for (var k = 0u; k < params.partials; k++) {
      loss += partials[2u * k];
      correct += partials[2u * k + 1u];
    }
    stats[0] += loss;
    stats[1] += correct;
  }
}
`;
}

/** The pipeline cache key of {@link trainUpdateKernel}. */
export function trainUpdateKey(o: TrainUpdateOptions): string {
  return `train_update/${o.optimizer}/${o.features}/${o.classes}/${o.ordered}/${o.workgroupSize}${o.forwardRows ? "/rows" : ""}`;
}

/** Fills the parameter block: the rows, the forward half's workgroup count and the optimiser's values. */
export function writeTrainUpdateParams(
  block: ParamBlock,
  rows: RowSelection,
  partials: number,
  update: StepUpdate,
): void {
  const sgd = update.kind === "sgd" ? update.params : null;
  const adam = update.kind === "adam" ? update.params : null;
  PARAMS.write(block, {
    offset: rows.offset,
    count: rows.count,
    partials,
    step: update.params.step,
    lr: update.params.lr,
    momentum: sgd?.momentum ?? 0,
    dampening: sgd?.dampening ?? 0,
    weightDecay: update.params.weightDecay,
    nesterov: sgd?.nesterov ? 1 : 0,
    // Adam's bias corrections in double precision on the host, as adam_step.ts.
    stepSize: adam === null ? 0 : adam.lr / (1 - adam.beta1 ** adam.step),
    beta1: adam?.beta1 ?? 0,
    beta2: adam?.beta2 ?? 0,
    eps: adam?.eps ?? 0,
    bc2Sqrt: adam === null ? 0 : Math.sqrt(1 - adam.beta2 ** adam.step),
  });
}

/** The {@link Kernel} for {@link trainUpdateWgsl}. */
export function trainUpdateKernel(o: TrainUpdateOptions): Kernel {
  const storage = bindingsOf(o).map((b) => b.access);
  if (o.ordered) storage.push("read");
  return { key: trainUpdateKey(o), code: trainUpdateWgsl(o), storage };
}
