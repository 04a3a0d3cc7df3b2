/**
 * The parameter block of the fused group step's kernels (`train_forward_group.ts`,
 * `train_update_group.ts`): a header of eight words, then one 16-word record per model of the group
 * with its loss, its place in the stack and its optimiser's values for this step.
 *
 * Runtime-neutral: WGSL strings and host writers.
 * @module
 */
import type { GroupMember, RowSelection } from "../backend.ts";
import type { ParamBlock } from "./_kernel.ts";

const HEADER_WORDS = 8;
const MEMBER_WORDS = 16;

/** Bytes of the block of a group of `models` models. */
export function groupParamBytes(models: number): number {
  return (HEADER_WORDS + MEMBER_WORDS * models) * 4;
}

/** The WGSL declarations of the block, for an array of `models` records. */
export function groupParamsWgsl(models: number): string {
  return /* wgsl */ `struct Member { loss: u32, index: u32, step: u32, nesterov: u32, lr: f32, momentum: f32, dampening: f32, weightDecay: f32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, bc2Sqrt: f32, pad0: f32, pad1: f32, pad2: f32 }
struct Params { offset: u32, count: u32, invN: f32, scale: f32, perModel: u32, models: u32, pad0: u32, pad1: u32, members: array<Member, ${models}> }`;
}

/**
 * Fills the block: the rows, the mean's and MSE gradient's scales, the workgroups (forward) or
 * invocations (update) per model, and a record per listed member.
 * @param list the members the dispatch covers, each with its index in the stack.
 */
export function writeGroupParams(
  block: ParamBlock,
  rows: RowSelection,
  classes: number,
  perModel: number,
  list: ReadonlyArray<readonly [number, GroupMember]>,
): void {
  const { u32, f32, word } = block;
  const n = rows.count;
  u32[word] = rows.offset;
  u32[word + 1] = n;
  f32[word + 2] = 1 / n;
  f32[word + 3] = 2 / (n * classes);
  u32[word + 4] = perModel;
  u32[word + 5] = list.length;
  list.forEach(([index, member], j) => {
    const at = word + HEADER_WORDS + MEMBER_WORDS * j;
    const u = member.update;
    const sgd = u.kind === "sgd" ? u.params : null;
    const adam = u.kind === "adam" ? u.params : null;
    u32[at] = member.loss === "mse" ? 0 : 1;
    u32[at + 1] = index;
    u32[at + 2] = u.params.step;
    u32[at + 3] = sgd?.nesterov ? 1 : 0;
    f32[at + 4] = u.params.lr;
    f32[at + 5] = sgd?.momentum ?? 0;
    f32[at + 6] = sgd?.dampening ?? 0;
    f32[at + 7] = u.params.weightDecay;
    // Adam's bias corrections in double precision on the host, as the single step's.
    f32[at + 8] = adam === null ? 0 : adam.lr / (1 - adam.beta1 ** adam.step);
    f32[at + 9] = adam?.beta1 ?? 0;
    f32[at + 10] = adam?.beta2 ?? 0;
    f32[at + 11] = adam?.eps ?? 0;
    f32[at + 12] = adam === null ? 0 : Math.sqrt(1 - adam.beta2 ** adam.step);
  });
}
