/**
 * The group ops of the two-thread SIMD kernels (`Backend.trainStepGroup`, `Backend.evaluateGroup`):
 * the main thread lays out the op in the shared module memory and writes its descriptor
 * (`_group_runner.ts`). A training step is queued (`_group_queue.ts`): the helper Worker runs the
 * last members of the group and adds their sums to the caller's stats whenever it gets to it, while
 * the main thread runs the first ones and returns, so neither waits for the other step by step. An
 * evaluation (and anything else the backend does) first waits for the queued steps, then offers its
 * members in a few chunks that both threads claim until none is left, and folds the sums itself. The
 * group's parameters and optimiser state are tensors that already live in that memory (the
 * two-thread backend allocates its float32 tensors there), so nothing is copied in or out per step.
 *
 * Runtime-neutral.
 * @module
 */
import type { GroupMember, LossKind } from "../backend.ts";
import type { HostRows } from "./_dense_kernels.ts";
import type { GroupQueue } from "./_group_queue.ts";
import {
  addSums,
  descriptorBytes,
  HEAD,
  LOSS_SCRATCH_BYTES,
  MEMBER,
  type RunnerKernels,
  runGroupRange,
} from "./_group_runner.ts";
import type { HelperThread } from "./_helper_thread.ts";
import { groupScratchBytes } from "./_simd_group.ts";
import { align64, CLASSES, ROW_BYTES } from "./_simd_layout.ts";
import type { WasmHeap } from "./_wasm_heap.ts";

/** What the group ops need of a `SimdKernels` instance. */
export interface GroupContext {
  readonly memory: WebAssembly.Memory;
  readonly heap: WasmHeap;
  readonly kernels: RunnerKernels;
  readonly helper: HelperThread | null;
  /** Slots and member split of queued training steps (with a helper). */
  readonly queue: GroupQueue | null;
  /** Whether a float32 array lies in the shared memory (where the helper can add to it). */
  holds(view: Float32Array): boolean;
  /** Writes the byte-address pairs of the selected rows' entries at `at`. */
  rowPairs(rows: HostRows, at: number): void;
}

/** Byte addresses (in module memory) of a group's stacked tensors; 0 where a state is absent. */
export interface GroupAddresses {
  readonly w: number;
  readonly b: number;
  readonly velocityW: number;
  readonly velocityB: number;
  readonly mW: number;
  readonly mB: number;
  readonly vW: number;
  readonly vB: number;
}

/** A training step (`members`) or an evaluation (`losses`) of a group on the selected rows. */
export interface GroupOp {
  readonly rows: HostRows;
  readonly labels: Uint8Array;
  readonly FC: number;
  readonly at: GroupAddresses;
  readonly members?: readonly GroupMember[];
  readonly losses?: readonly LossKind[];
  /** Per member: loss sum and correct count, accumulated as `lossAndGrad` does. */
  readonly stats: Float32Array;
  /** Per member a 10×10 confusion matrix to add to, or null. */
  readonly confusion: Uint32Array | null;
}

/** Runs a group op on both threads (on this one alone while the helper is not ready). */
export function runGroupOp(ctx: GroupContext, op: GroupOp): void {
  const { rows, FC, at } = op;
  const train = op.members !== undefined;
  const K = train ? op.members!.length : op.losses!.length;
  const n = rows.count;
  const withConfusion = op.confusion !== null;
  const { helper, queue } = ctx;
  // A training step is queued: the helper runs its members while this thread runs its own and goes
  // on to the next step. Anything else waits for the queued steps, then splits its members in chunks
  // (evaluations queued the same way measured 10% slower per sweep epoch here).
  const queued = helper !== null && queue !== null && train && K > 1 && helper.ready && ctx.holds(op.stats);
  if (!queued) helper?.drain();
  // Each thread's scratch on cache lines of its own: one written by both would bounce between cores.
  const kscratchBytes = align64(groupScratchBytes(n, FC / CLASSES));
  // What is the op's own (a queued op keeps it in its slot), then what ops in flight may share.
  const own = [n * 8, n * 4, K * 16, K * 8, descriptorBytes(K)];
  const shared = [
    K * n * ROW_BYTES,
    train ? K * n * ROW_BYTES : 0,
    train ? K * FC * 4 : 0,
    train ? K * ROW_BYTES : 0,
    K * n * 8,
    K * n * 4,
    withConfusion ? K * CLASSES * CLASSES * 4 : 0,
    2 * LOSS_SCRATCH_BYTES + 64,
    2 * kscratchBytes + 64,
  ];
  const [[rowsAt, labelsAt, results, lrs, desc], [z, g, gw, gb, out, args, confusion, scratch, kscratch]] =
    queued ? queue.layout(own, shared) : splitAt(ctx.heap.layout([...own, ...shared]), own.length);
  ctx.rowPairs(rows, rowsAt);
  const buffer = ctx.memory.buffer;
  const y = new Uint32Array(buffer, labelsAt, n);
  const { order, offset } = rows;
  for (let i = 0; i < n; i++) y[i] = op.labels[order === null ? offset + i : order[offset + i]];
  const d = new Float64Array(buffer, desc, HEAD.length + K * MEMBER.length);
  d[HEAD.train] = train ? 1 : 0;
  d[HEAD.n] = n;
  d[HEAD.K] = K;
  d[HEAD.FC] = FC;
  d[HEAD.rows] = rowsAt;
  d[HEAD.w] = at.w;
  d[HEAD.b] = at.b;
  d[HEAD.z] = z;
  d[HEAD.g] = g;
  d[HEAD.gw] = gw;
  d[HEAD.gb] = gb;
  d[HEAD.labels] = labelsAt;
  d[HEAD.out] = out;
  d[HEAD.args] = args;
  d[HEAD.results] = results;
  d[HEAD.confusion] = withConfusion ? confusion : 0;
  d[HEAD.shuffled] = order === null ? 0 : 1;
  d[HEAD.scratch] = align64(scratch);
  d[HEAD.velocityW] = at.velocityW;
  d[HEAD.velocityB] = at.velocityB;
  d[HEAD.mW] = at.mW;
  d[HEAD.mB] = at.mB;
  d[HEAD.vW] = at.vW;
  d[HEAD.vB] = at.vB;
  d[HEAD.kscratch] = align64(kscratch);
  d[HEAD.kscratchBytes] = kscratchBytes;
  d[HEAD.lrs] = lrs;
  if (train) new Float64Array(buffer, lrs, K).set(op.members!.map((m) => m.update.params.lr));
  for (let k = 0; k < K; k++) writeMember(d.subarray(HEAD.length + k * MEMBER.length), op, k);
  const sums = new Float64Array(buffer, results, 2 * K);
  if (queued) {
    const from = queue.helperFrom(K);
    d[HEAD.helperFrom] = from;
    d[HEAD.stats] = op.stats.byteOffset;
    helper.queue(desc);
    runGroupRange(buffer, ctx.kernels, desc, 0, from, 0);
    addSums(op.stats, sums, 0, from);
    return;
  }
  // Both threads claim chunks of members until none is left: a helper that is slow to wake (a busy
  // machine) leaves more to this thread instead of holding it up. Two large chunks then two small
  // ones (`chunkBounds`) keep the K-model kernels' gains per call and still balance two threads.
  if (helper === null || K === 1) {
    runGroupRange(buffer, ctx.kernels, desc, 0, K, 0);
  } else {
    const chunks = helper.offer(desc, K);
    for (let chunk = helper.claim(); chunk !== null; chunk = helper.claim()) {
      runGroupRange(buffer, ctx.kernels, chunk[0], chunk[1], chunk[2], 0);
      helper.finish();
    }
    helper.awaitChunks(chunks);
  }
  addSums(op.stats, sums, 0, K);
  if (op.confusion !== null) {
    const cells = new Uint32Array(buffer, confusion, K * CLASSES * CLASSES);
    for (let i = 0; i < cells.length; i++) op.confusion[i] += cells[i];
  }
}

/** `a` cut in two at `i`. */
function splitAt(a: number[], i: number): [number[], number[]] {
  return [a.slice(0, i), a.slice(i)];
}

function writeMember(m: Float64Array, op: GroupOp, k: number): void {
  if (op.members === undefined) {
    m[MEMBER.mse] = op.losses![k] === "mse" ? 1 : 0;
    m[MEMBER.update] = 0;
    return;
  }
  const { loss, update } = op.members[k];
  m[MEMBER.mse] = loss === "mse" ? 1 : 0;
  const p = update.params;
  m[MEMBER.lr] = p.lr;
  m[MEMBER.weightDecay] = p.weightDecay;
  m[MEMBER.step] = p.step;
  if (update.kind === "sgd") {
    m[MEMBER.update] = 1;
    m[MEMBER.momentum] = update.params.momentum;
    m[MEMBER.dampening] = update.params.dampening;
    m[MEMBER.nesterov] = update.params.nesterov ? 1 : 0;
  } else {
    m[MEMBER.update] = 2;
    m[MEMBER.beta1] = update.params.beta1;
    m[MEMBER.beta2] = update.params.beta2;
    m[MEMBER.eps] = update.params.eps;
  }
}
