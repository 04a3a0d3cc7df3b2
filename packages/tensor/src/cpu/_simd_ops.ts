/**
 * The SIMD kernels' ops on host arrays (the linear ops, the shared pass of the host-path group ops,
 * the loss): each lays out its operands in module memory ({@link WasmHeap}), copies them in, runs
 * the kernel and copies the results out. The two-thread group ops, whose tensors already live in the
 * shared memory, are `_simd_group_ops.ts`.
 *
 * With a helper thread ({@link HelperThread}) an op of many rows gives it half: the forward pass
 * splits by rows, the weight gradient by feature ranges, so every output element is summed by one
 * thread in the same order as single-threaded and results are identical.
 *
 * Runtime-neutral.
 * @module
 */
import type { LossKind } from "../backend.ts";
import type { HostRows } from "./_dense_kernels.ts";
import type { HelperThread } from "./_helper_thread.ts";
import type { SimdExports } from "./_simd_exports.ts";
import { groupScratchBytes } from "./_simd_group.ts";
import { type SimdRows, writeRowPairs } from "./_simd_index.ts";
import { CLASSES, PROB_ROW_BYTES, ROW_BYTES } from "./_simd_layout.ts";
import { loss10Sums, lossGradScale } from "./_simd_loss_host.ts";
import { CMD, touchRows } from "./_simd_protocol.ts";
import { balancedSplit, medianFeature, splitPairs } from "./_simd_split.ts";
import type { WasmHeap } from "./_wasm_heap.ts";

/** What the ops need of a `SimdKernels` instance. */
export interface OpContext {
  readonly memory: WebAssembly.Memory;
  readonly heap: WasmHeap;
  readonly kernels: SimdExports;
  /** The helper thread, or null with one thread. */
  readonly helper: HelperThread | null;
  /** The fewest rows an op splits across the two threads. */
  readonly splitRows: number;
}

/** `SimdKernels.forward`: the helper, if any, takes the rows past a split that balances their entries. */
export function forward(
  ctx: OpContext,
  sp: SimdRows,
  rows: HostRows,
  w: Float32Array,
  b: Float32Array,
  out: Float32Array,
): void {
  const { memory, heap, helper } = ctx;
  const forward10 = ctx.kernels.forward10;
  const n = rows.count;
  const [rowsPtr, wPtr, outPtr] = heap.layout([n * 8, w.length * 4, n * ROW_BYTES]);
  writeRowPairs(memory, sp, rows, rowsPtr);
  const buf = memory.buffer;
  new Float32Array(buf, wPtr, w.length).set(w);
  const shuffled = rows.order !== null;
  const h = helper !== null && n >= ctx.splitRows ? balancedSplit(memory.buffer, rowsPtr, n) : n;
  if (h < n && helper?.post(CMD.forward, rowsPtr + h * 8, n - h, wPtr, outPtr + h * ROW_BYTES, shuffled)) {
    if (shuffled) touchRows(buf, rowsPtr, h);
    forward10(rowsPtr, h, wPtr, outPtr);
    helper.join();
  } else {
    if (shuffled) touchRows(buf, rowsPtr, n);
    forward10(rowsPtr, n, wPtr, outPtr);
  }
  const z = new Float32Array(buf, outPtr, n * CLASSES);
  for (let o = 0; o < n * CLASSES; o += CLASSES)
    for (let c = 0; c < CLASSES; c++) out[o + c] = z[o + c] + b[c];
}

/** `SimdKernels.backward`: the helper, if any, takes the features past the dataset's median one. */
export function backward(
  ctx: OpContext,
  sp: SimdRows,
  rows: HostRows,
  g: Float32Array,
  gw: Float32Array,
  gb: Float32Array,
): void {
  const { memory, heap } = ctx;
  const backward10 = ctx.kernels.backward10;
  const n = rows.count;
  const [lowPtr, highPtr, gPtr, gwPtr] = heap.layout([n * 8, n * 8, n * ROW_BYTES, gw.length * 4]);
  writeRowPairs(memory, sp, rows, lowPtr);
  const buf = memory.buffer;
  new Float32Array(buf, gPtr, n * CLASSES).set(g.subarray(0, n * CLASSES));
  const acc = new Float32Array(buf, gwPtr, gw.length);
  acc.fill(0);
  const shuffled = rows.order !== null;
  const helper = ctx.helper;
  if (helper?.ready && n >= ctx.splitRows) {
    // Features below the split on this thread, the rest on the helper: disjoint rows of gw.
    if (sp.split < 0) sp.split = medianFeature(memory.buffer, sp.start, sp.ptr, sp.features);
    splitPairs(memory.buffer, lowPtr, highPtr, n, sp.split);
    const posted = helper.post(CMD.backward, highPtr, n, gPtr, gwPtr, shuffled);
    if (shuffled) touchRows(buf, lowPtr, n);
    backward10(lowPtr, n, gPtr, gwPtr);
    if (posted) helper.join();
    else backward10(highPtr, n, gPtr, gwPtr);
  } else {
    if (shuffled) touchRows(buf, lowPtr, n);
    backward10(lowPtr, n, gPtr, gwPtr);
  }
  gw.set(acc);
  for (let c = 0; c < CLASSES; c++) {
    let s = 0;
    for (let o = c; o < n * CLASSES; o += CLASSES) s += g[o];
    gb[c] = s;
  }
}

/**
 * `SimdKernels.forwardGroup`: the rows are listed once, every model's weights are copied in at once
 * and `forwardK` runs them all, decoding each row once.
 */
export function forwardGroup(
  ctx: OpContext,
  sp: SimdRows,
  rows: HostRows,
  K: number,
  w: Float32Array,
  b: Float32Array,
  out: Float32Array,
): void {
  const { memory, heap, kernels } = ctx;
  const n = rows.count;
  const FC = w.length / K;
  const [rowsPtr, wPtr, bPtr, outPtr, scratch] = heap.layout([
    n * 8,
    w.length * 4,
    b.length * 4,
    K * n * ROW_BYTES,
    groupScratchBytes(n, sp.features),
  ]);
  writeRowPairs(memory, sp, rows, rowsPtr);
  const buf = memory.buffer;
  new Float32Array(buf, wPtr, w.length).set(w);
  new Float32Array(buf, bPtr, b.length).set(b);
  if (rows.order !== null) touchRows(buf, rowsPtr, n);
  kernels.forwardK(rowsPtr, n, K, wPtr, FC * 4, outPtr, scratch);
  kernels.biasK(outPtr, n, K, bPtr);
  out.set(new Float32Array(buf, outPtr, K * n * CLASSES));
}

/** `SimdKernels.backwardGroup`: `backwardK` decodes each row once for all models. */
export function backwardGroup(
  ctx: OpContext,
  sp: SimdRows,
  rows: HostRows,
  K: number,
  g: Float32Array,
  gw: Float32Array,
  gb: Float32Array,
): void {
  const { memory, heap, kernels } = ctx;
  const n = rows.count;
  const FC = gw.length / K;
  const nC = n * CLASSES;
  const [rowsPtr, gPtr, gwPtr, gbPtr, scratch] = heap.layout([
    n * 8,
    K * n * ROW_BYTES,
    gw.length * 4,
    gb.length * 4,
    groupScratchBytes(n, sp.features),
  ]);
  writeRowPairs(memory, sp, rows, rowsPtr);
  const buf = memory.buffer;
  new Float32Array(buf, gPtr, K * nC).set(g.subarray(0, K * nC));
  const acc = new Float32Array(buf, gwPtr, gw.length);
  acc.fill(0);
  if (rows.order !== null) touchRows(buf, rowsPtr, n);
  kernels.backwardK(rowsPtr, n, K, gPtr, gwPtr, FC * 4, scratch);
  gw.set(acc);
  kernels.gbK(gPtr, n, K, gbPtr);
  gb.set(new Float32Array(buf, gbPtr, gb.length));
}

/** `SimdKernels.loss`: `loss10` over the rows, then the host's sums of its per-row outputs. */
export function loss(
  ctx: OpContext,
  kind: LossKind,
  z: Float32Array,
  labels: Uint8Array,
  rows: HostRows,
  grad: Float32Array | null,
  confusion: Uint32Array | null,
): [number, number] {
  const { memory, heap, kernels } = ctx;
  const n = rows.count;
  const [zPtr, labelPtr, gradPtr, outPtr, argPtr, scratch] = heap.layout([
    n * ROW_BYTES,
    n * 4,
    n * ROW_BYTES,
    n * 8,
    n * 4,
    PROB_ROW_BYTES,
  ]);
  const buf = memory.buffer;
  new Float32Array(buf, zPtr, n * CLASSES).set(z.subarray(0, n * CLASSES));
  const y = new Uint32Array(buf, labelPtr, n);
  const { order, offset } = rows;
  for (let i = 0; i < n; i++) y[i] = labels[order === null ? offset + i : order[offset + i]];
  const mse = kind === "mse";
  const gscale = lossGradScale(mse, n);
  kernels.loss10(
    zPtr,
    labelPtr,
    n,
    grad === null ? 0 : gradPtr,
    outPtr,
    argPtr,
    mse ? 1 : 0,
    scratch,
    gscale,
  );
  const out = new Float64Array(buf, outPtr, n);
  const args = new Uint32Array(buf, argPtr, n);
  const [lossSum, correct] = loss10Sums(z, y, out, args, mse, confusion);
  if (grad !== null) grad.set(new Float32Array(buf, gradPtr, n * CLASSES));
  return [lossSum, correct];
}

/** `SimdKernels.exp`: `exp64` over the values, in pairs. */
export function exp(ctx: OpContext, x: Float64Array): Float64Array {
  const { memory, heap, kernels } = ctx;
  const pairs = (x.length + 1) >> 1;
  const [src, dst] = heap.layout([pairs * 16, pairs * 16]);
  new Float64Array(memory.buffer, src, x.length).set(x);
  kernels.exp64(src, dst, pairs);
  return new Float64Array(memory.buffer, dst, x.length).slice();
}
