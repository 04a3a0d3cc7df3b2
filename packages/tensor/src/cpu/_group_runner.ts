/**
 * One thread's share of a group op of the SIMD kernels (`Backend.trainStepGroup`,
 * `Backend.evaluateGroup`): a range of the group's members, run on the shared module memory from a
 * descriptor the main thread wrote there. The main thread and the helper Worker each run the ranges
 * (chunks) they claim (`_simd_group_ops.ts`, `_simd_worker.ts`); every member's arithmetic is that of its own
 * `trainStep` (forward10, the bias in float32, loss10, the host's loss sum, backward10, the bias
 * gradient summed in float64, the optimiser loops of `_optimizers.ts`), so results are bit-identical
 * to single steps whichever thread runs a member. The K-model kernels (`_simd_group.ts`: forwardK,
 * biasK, backwardK, gbK, sgdK) run a thread's members in one call each, each model exactly as the
 * single-model kernel or host loop.
 *
 * Runtime-neutral.
 * @module
 */
import type { AdamParams, GroupUpdate, SgdParams } from "../backend.ts";
import { updateModel } from "./_optimizers.ts";
import type { SimdExports } from "./_simd_exports.ts";
import { CLASSES, PROB_ROW_BYTES, ROW_BYTES } from "./_simd_layout.ts";
import { loss10Sums, lossGradScale } from "./_simd_loss_host.ts";
import { touchRows } from "./_simd_protocol.ts";

/** Float64 word indices of a group descriptor's header; byte addresses are into module memory. */
export const HEAD = {
  /** 1: training step, 0: evaluation. */
  train: 0,
  n: 1,
  K: 2,
  /** Weights per model (features × 10). */
  FC: 3,
  rows: 4,
  w: 5,
  b: 6,
  z: 7,
  g: 8,
  gw: 9,
  gb: 10,
  /** n u32 labels of the selected rows. */
  labels: 11,
  /** K·n float64 loss rows of loss10. */
  out: 12,
  /** K·n u32 argmaxes. */
  args: 13,
  /** K (loss sum, correct count) float64 pairs. */
  results: 14,
  /** K confusion matrices of 10×10 u32, or 0 for none. */
  confusion: 15,
  shuffled: 16,
  /** Two loss scratch rows, one per thread. */
  scratch: 17,
  velocityW: 18,
  velocityB: 19,
  mW: 20,
  mB: 21,
  vW: 22,
  vB: 23,
  /** The K-kernels' scratch, `kscratchBytes` per thread. */
  kscratch: 24,
  kscratchBytes: 25,
  /** K float64 learning rates (read by `sgdK` for the plain-SGD members). */
  lrs: 26,
  /** A queued op's: the first of the helper's members (the rest of the group is the main thread's). */
  helperFrom: 27,
  /** A queued op's: the caller's 2·K float32 stats, to which the helper adds its members' sums. */
  stats: 28,
  length: 29,
} as const;

/** Float64 words of one member's entry after the header. */
export const MEMBER = {
  mse: 0,
  /** 0: none (evaluation), 1: SGD, 2: Adam. */
  update: 1,
  lr: 2,
  momentum: 3,
  dampening: 4,
  nesterov: 5,
  weightDecay: 6,
  step: 7,
  beta1: 8,
  beta2: 9,
  eps: 10,
  length: 11,
} as const;

/**
 * Bytes of each thread's loss scratch row: a row of float64 probabilities padded to whole cache lines,
 * so that the two threads' rows never share one (a line both write bounces between the cores).
 */
export const LOSS_SCRATCH_BYTES = 128;
if (LOSS_SCRATCH_BYTES < PROB_ROW_BYTES)
  throw new RangeError("Cannot lay out the loss scratch: rows outgrew it");

/** Bytes of a descriptor of `K` members. */
export function descriptorBytes(K: number): number {
  return (HEAD.length + K * MEMBER.length) * 8;
}

/** The module's exports the runner calls (see `_simd_group.ts` for the K-model ones). */
export type RunnerKernels = Pick<SimdExports, "forwardK" | "backwardK" | "biasK" | "gbK" | "sgdK" | "loss10">;

/**
 * Runs members `[k0, k1)` of the group op described at `at` on this thread.
 * @param buffer the module memory's current buffer.
 * @param thread 0 (main) or 1 (helper): which loss scratch row it uses.
 */
export function runGroupRange(
  buffer: ArrayBufferLike,
  kernels: RunnerKernels,
  at: number,
  k0: number,
  k1: number,
  thread: number,
): void {
  if (k1 <= k0) return;
  const head = new Float64Array(buffer, at, HEAD.length);
  const K = head[HEAD.K];
  const d = new Float64Array(buffer, at, HEAD.length + K * MEMBER.length);
  const [n, FC, rows] = [head[HEAD.n], head[HEAD.FC], head[HEAD.rows]];
  const [w, b, z, g] = [head[HEAD.w], head[HEAD.b], head[HEAD.z], head[HEAD.g]];
  const train = head[HEAD.train] === 1;
  const nC = n * CLASSES;
  const Kt = k1 - k0;
  const kscratch = head[HEAD.kscratch] + thread * head[HEAD.kscratchBytes];
  if (head[HEAD.shuffled] === 1) touchRows(buffer, rows, n);
  const zAt = z + k0 * n * ROW_BYTES;
  kernels.forwardK(rows, n, Kt, w + k0 * FC * 4, FC * 4, zAt, kscratch);
  kernels.biasK(zAt, n, Kt, b + k0 * ROW_BYTES);
  const scratch = head[HEAD.scratch] + thread * LOSS_SCRATCH_BYTES;
  for (let k = k0; k < k1; k++) {
    const zk = new Float32Array(buffer, z + k * n * ROW_BYTES, nC);
    const mse = d[HEAD.length + k * MEMBER.length + MEMBER.mse] === 1;
    const [outAt, argsAt] = [head[HEAD.out] + k * n * 8, head[HEAD.args] + k * n * 4];
    const gradAt = train ? g + k * n * ROW_BYTES : 0;
    const gscale = lossGradScale(mse, n);
    kernels.loss10(zk.byteOffset, head[HEAD.labels], n, gradAt, outAt, argsAt, mse ? 1 : 0, scratch, gscale);
    lossSums(
      buffer,
      head,
      zk,
      k,
      mse,
      new Float64Array(buffer, outAt, n),
      new Uint32Array(buffer, argsAt, n),
    );
  }
  if (!train) return;
  const [gw, gb] = [head[HEAD.gw], head[HEAD.gb]];
  new Float32Array(buffer, gw + k0 * FC * 4, Kt * FC).fill(0);
  kernels.backwardK(rows, n, Kt, g + k0 * n * ROW_BYTES, gw + k0 * FC * 4, FC * 4, kscratch);
  kernels.gbK(g + k0 * n * ROW_BYTES, n, Kt, gb + k0 * ROW_BYTES);
  // Runs of plain-SGD members (the sweep's usual group) take one sgdK each; the rest the host's loops.
  for (let k = k0; k < k1; ) {
    let end = k;
    while (end < k1 && plainSgd(d, end)) end++;
    if (end > k) {
      const lrs = head[HEAD.lrs] + k * 8;
      kernels.sgdK(w + k * FC * 4, gw + k * FC * 4, FC, end - k, FC * 4, lrs);
      kernels.sgdK(b + k * ROW_BYTES, gb + k * ROW_BYTES, CLASSES, end - k, ROW_BYTES, lrs);
      k = end;
    } else {
      update(buffer, head, d.subarray(HEAD.length + k * MEMBER.length), k, FC);
      k++;
    }
  }
}

/**
 * The helper's part of a queued group op (`HelperThread.queue`): members `[helperFrom, K)`, their
 * sums then added to the caller's stats as the main thread adds its own (`runGroupOp`).
 */
export function runQueued(buffer: ArrayBufferLike, kernels: RunnerKernels, at: number): void {
  const head = new Float64Array(buffer, at, HEAD.length);
  const [k0, K] = [head[HEAD.helperFrom], head[HEAD.K]];
  runGroupRange(buffer, kernels, at, k0, K, 1);
  addSums(
    new Float32Array(buffer, head[HEAD.stats], 2 * K),
    new Float64Array(buffer, head[HEAD.results], 2 * K),
    k0,
    K,
  );
}

/** `stats[2k] += sums[2k]` and `stats[2k+1] += sums[2k+1]` for members `[k0, k1)`. */
export function addSums(stats: Float32Array, sums: Float64Array, k0: number, k1: number): void {
  for (let i = 2 * k0; i < 2 * k1; i++) stats[i] += sums[i];
}

/** Whether member `k` takes a plain SGD step: `param −= lr·grad`, no state, no weight decay. */
function plainSgd(d: Float64Array, k: number): boolean {
  const at = HEAD.length + k * MEMBER.length;
  return d[at + MEMBER.update] === 1 && d[at + MEMBER.momentum] === 0 && d[at + MEMBER.weightDecay] === 0;
}

/** Member `k`'s loss sum and correct count (as `SimdKernels.loss` sums them), and its confusion cells. */
function lossSums(
  buffer: ArrayBufferLike,
  head: Float64Array,
  z: Float32Array,
  k: number,
  mse: boolean,
  out: Float64Array,
  args: Uint32Array,
): void {
  const n = out.length;
  const y = new Uint32Array(buffer, head[HEAD.labels], n);
  const confusionAt = head[HEAD.confusion];
  const confusion =
    confusionAt === 0
      ? null
      : new Uint32Array(buffer, confusionAt + k * CLASSES * CLASSES * 4, CLASSES * CLASSES);
  confusion?.fill(0);
  const [lossSum, correct] = loss10Sums(z, y, out, args, mse, confusion);
  const results = new Float64Array(buffer, head[HEAD.results] + k * 16, 2);
  results[0] = lossSum;
  results[1] = correct;
}

/** The descriptor words of each optimiser state's weight and bias addresses. */
const STATE_WORDS = {
  velocity: [HEAD.velocityW, HEAD.velocityB],
  m: [HEAD.mW, HEAD.mB],
  v: [HEAD.vW, HEAD.vB],
} as const;

/** Member `k`'s optimiser update of its weights and bias, by the loops `trainStep` runs. */
function update(buffer: ArrayBufferLike, head: Float64Array, m: Float64Array, k: number, FC: number): void {
  const view = (base: number, per: number) => new Float32Array(buffer, base + k * per * 4, per);
  const model = ([w, b]: readonly [number, number]) => ({ w: view(head[w], FC), b: view(head[b], CLASSES) });
  const state = (name: keyof typeof STATE_WORDS) => model(STATE_WORDS[name]);
  updateModel(memberUpdate(m), model([HEAD.w, HEAD.b]), model([HEAD.gw, HEAD.gb]), state);
}

/** A member's optimiser and hyper-parameters from its descriptor entry (as `writeMember` wrote them). */
function memberUpdate(m: Float64Array): GroupUpdate {
  if (m[MEMBER.update] === 1) {
    const params: SgdParams = {
      lr: m[MEMBER.lr],
      momentum: m[MEMBER.momentum],
      dampening: m[MEMBER.dampening],
      nesterov: m[MEMBER.nesterov] === 1,
      weightDecay: m[MEMBER.weightDecay],
      step: m[MEMBER.step],
    };
    return { kind: "sgd", params };
  }
  const params: AdamParams = {
    lr: m[MEMBER.lr],
    beta1: m[MEMBER.beta1],
    beta2: m[MEMBER.beta2],
    eps: m[MEMBER.eps],
    weightDecay: m[MEMBER.weightDecay],
    step: m[MEMBER.step],
  };
  return { kind: "adam", params };
}
