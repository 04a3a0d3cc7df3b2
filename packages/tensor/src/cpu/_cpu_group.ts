/**
 * The CPU backend's group ops (`trainStepGroup`, `evaluateGroup`) on the host path: the `K` models'
 * pass over the rows shared (`forwardGroup`, `backwardGroup`), everything else per model in
 * `trainStep`'s order, so each model ends as its own steps would leave it. With two threads and every
 * tensor in the SIMD module's shared memory the group runs there instead
 * ({@link sharedGroupAddresses}, `SimdKernels.runGroup`).
 *
 * Runtime-neutral.
 * @module
 */
import type {
  GroupEvalTensors,
  GroupMember,
  GroupStepTensors,
  LossKind,
  ModelTensors,
  Tensor,
} from "../backend.ts";
import { asCpu, type CpuDataset } from "./_cpu_objects.ts";
import type { HostRows } from "./_dense_kernels.ts";
import { part } from "./_kernel_sets.ts";
import { type HostModel, updateModel } from "./_optimizers.ts";
import type { GroupAddresses } from "./_simd_group_ops.ts";
import type { SimdKernels } from "./_simd_kernels.ts";

/** A group's model count, weights per model (features × classes) and classes. */
export interface GroupShape {
  readonly K: number;
  readonly FC: number;
  readonly C: number;
}

/** `trainStepGroup` on the host: stats gain each member's loss sum and correct count. */
export function groupStepOnHost(
  ds: CpuDataset,
  rows: HostRows,
  t: GroupStepTensors,
  statsT: Tensor<"f32">,
  members: readonly GroupMember[],
  { K, FC, C }: GroupShape,
): void {
  const nC = rows.count * C;
  const [w, b] = [asCpu(t.w).subarray(0, K * FC), asCpu(t.b).subarray(0, K * C)];
  const [z, g, stats] = [asCpu(t.z), asCpu(t.g), asCpu(statsT)];
  const [gw, gb] = [asCpu(t.gw).subarray(0, K * FC), asCpu(t.gb).subarray(0, K * C)];
  // The same kernels as trainStep, in the same order for each model: only the pass over the rows is shared.
  ds.linear.forwardGroup(rows, K, w, b, z);
  members.forEach((member, k) => {
    const [lossSum, correct] = ds.loss(member.loss, part(z, k, nC), rows, part(g, k, nC), null);
    stats[2 * k] += lossSum;
    stats[2 * k + 1] += correct;
  });
  ds.linear.backwardGroup(rows, K, g, gw, gb);
  const modelK = ({ w, b }: HostModel, k: number) => ({ w: part(w, k, FC), b: part(b, k, C) });
  members.forEach(({ update }, k) => {
    // checkGroupStep has made sure every state a member's update asks for is there.
    const state = (name: "velocity" | "m" | "v") => modelK({ w: asCpu(t[name]!.w), b: asCpu(t[name]!.b) }, k);
    updateModel(update, modelK({ w, b }, k), modelK({ w: gw, b: gb }, k), state);
  });
}

/** `evaluateGroup` on the host: stats (and confusion, if any) gain each member's figures. */
export function evaluateGroupOnHost(
  ds: CpuDataset,
  rows: HostRows,
  t: GroupEvalTensors,
  losses: readonly LossKind[],
  stats: Float32Array,
  confusion: Uint32Array | null,
  { K, FC, C }: GroupShape,
): void {
  const nC = rows.count * C;
  const [w, b, z] = [asCpu(t.w).subarray(0, K * FC), asCpu(t.b).subarray(0, K * C), asCpu(t.z)];
  // As linearForward then lossAndGrad per model; only the pass over the rows is shared.
  ds.linear.forwardGroup(rows, K, w, b, z);
  losses.forEach((loss, k) => {
    const cells = confusion === null ? null : confusion.subarray(k * C * C, (k + 1) * C * C);
    const [lossSum, correct] = ds.loss(loss, part(z, k, nC), rows, null, cells);
    stats[2 * k] += lossSum;
    stats[2 * k + 1] += correct;
  });
}

/**
 * The shared-memory addresses of a group's parameters and state when the two-thread group ops can
 * run it (SIMD kernels, ten classes, every tensor in this backend's shared memory), else null.
 */
export function sharedGroupAddresses(
  simd: SimdKernels | null,
  ds: CpuDataset,
  rows: HostRows,
  t: GroupEvalTensors & Partial<Pick<GroupStepTensors, "velocity" | "m" | "v">>,
  K: number,
  FC: number,
): GroupAddresses | null {
  if (simd === null || simd.threads < 2 || ds.simd === null || rows.count === 0) return null;
  const addr = (x: Tensor<"f32"> | undefined): number | null => {
    if (x === undefined) return 0;
    const data = asCpu(x);
    return simd.holds(data) ? data.byteOffset : null;
  };
  const pair = (m: ModelTensors | null | undefined) => [addr(m?.w), addr(m?.b)];
  const found = [addr(t.w), addr(t.b), ...pair(t.velocity), ...pair(t.m), ...pair(t.v)];
  if (found.some((a) => a === null) || K * FC === 0) return null;
  const [w, b, velocityW, velocityB, mW, mB, vW, vB] = found as number[];
  return { w, b, velocityW, velocityB, mW, mB, vW, vB };
}
