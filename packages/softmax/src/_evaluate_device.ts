/**
 * Full-set evaluation of parameters that already live on a backend (shared by `evaluate` and the trainer).
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, DeviceDataset, LossKind, Tensor } from "@mnist/tensor";
import type { Evaluation } from "./evaluate.ts";

/** Rows per forward pass when evaluating; bounds the logits buffer. */
export const EVAL_CHUNK = 1000;

/** Evaluates parameters already on the device; `z` must hold `EVAL_CHUNK × C` values. */
export async function _evaluateOnDevice(
  be: Backend,
  ds: DeviceDataset,
  loss: LossKind,
  w: Tensor<"f32">,
  b: Tensor<"f32">,
  z: Tensor<"f32">,
  withConfusion: boolean,
): Promise<Evaluation> {
  const stats = be.zeros("f32", 2);
  const confusion = withConfusion ? be.zeros("u32", ds.classes * ds.classes) : null;
  try {
    for (let offset = 0; offset < ds.count; offset += EVAL_CHUNK) {
      const rows = { order: null, offset, count: Math.min(EVAL_CHUNK, ds.count - offset) };
      be.linearForward(ds, rows, w, b, z);
      be.lossAndGrad(loss, z, ds, rows, null, stats, confusion);
    }
    // Both reads in flight at once: on WebGPU each read waits for the device (≈ 11 ms in Deno on
    // lavapipe, however little there is to do), so two in a row would wait twice.
    const [[lossSum, correct], matrix] = await Promise.all([
      be.read(stats),
      confusion === null ? undefined : be.read(confusion),
    ]);
    return { accuracy: correct / ds.count, meanLoss: lossSum / ds.count, confusion: matrix };
  } finally {
    be.release(stats);
    if (confusion !== null) be.release(confusion);
  }
}

/**
 * Evaluates the `losses.length` models stacked in `w`, `b` (a group's parameters) with one
 * `Backend.evaluateGroup` per chunk: for each model, the same sums in the same order as
 * {@link _evaluateOnDevice} of that model alone. `z` must hold `K × EVAL_CHUNK × C` values.
 */
export async function _evaluateGroupOnDevice(
  be: Backend,
  ds: DeviceDataset,
  losses: readonly LossKind[],
  w: Tensor<"f32">,
  b: Tensor<"f32">,
  z: Tensor<"f32">,
  withConfusion: boolean,
): Promise<Evaluation[]> {
  const K = losses.length;
  const C = ds.classes;
  const stats = be.zeros("f32", 2 * K);
  const confusion = withConfusion ? be.zeros("u32", K * C * C) : null;
  try {
    for (let offset = 0; offset < ds.count; offset += EVAL_CHUNK) {
      const rows = { order: null, offset, count: Math.min(EVAL_CHUNK, ds.count - offset) };
      be.evaluateGroup(ds, rows, { w, b, z }, losses, stats, confusion);
    }
    // Both reads in flight at once, as in _evaluateOnDevice.
    const [sums, cells] = await Promise.all([
      be.read(stats),
      confusion === null ? undefined : be.read(confusion),
    ]);
    return groupEvaluations(sums, cells, ds.count, C);
  } finally {
    be.release(stats);
    if (confusion !== null) be.release(confusion);
  }
}

/** Each model's {@link Evaluation} from a group's stacked sums (and confusion matrices) over `count` rows. */
export function groupEvaluations(
  sums: Float32Array,
  cells: Uint32Array | undefined,
  count: number,
  C: number,
): Evaluation[] {
  return Array.from({ length: sums.length / 2 }, (_, k) => ({
    accuracy: sums[2 * k + 1] / count,
    meanLoss: sums[2 * k] / count,
    confusion: cells?.slice(k * C * C, (k + 1) * C * C),
  }));
}
