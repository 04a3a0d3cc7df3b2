/**
 * Evaluation and inference on a {@link Backend}: full-set accuracy, mean loss and confusion matrix,
 * and class probabilities for a batch of images.
 *
 * Runtime-neutral.
 * @module
 */
import type { Dataset } from "@mnist/idx";
import type { Backend, LossKind } from "@mnist/tensor";
import { _evaluateOnDevice, EVAL_CHUNK } from "./_evaluate_device.ts";
import type { SoftmaxRegression } from "./model.ts";

/** Full-set metrics of a model on one dataset. */
export interface Evaluation {
  /** Fraction of rows whose predicted class (first maximum) equals the label. */
  readonly accuracy: number;
  /** The loss averaged over every row. */
  readonly meanLoss: number;
  /** `C×C` counts, row = true label, column = prediction (present when asked for). */
  readonly confusion?: Uint32Array;
}

/**
 * Evaluates a model on a whole dataset: accuracy, mean loss and the confusion matrix.
 * @param be the backend to run on
 * @param model the parameters
 * @param data images and labels (features and classes must match the model)
 * @param loss which loss to average
 * @returns the metrics, with `confusion` filled in
 * @throws {RangeError} when the dataset's shape does not match the model.
 * @example
 * ```ts ignore
 * const { accuracy, confusion } = await evaluate(backend, model, test, "cross-entropy");
 * ```
 */
export async function evaluate(
  be: Backend,
  model: SoftmaxRegression,
  data: Dataset,
  loss: LossKind,
): Promise<Evaluation> {
  checkShape(model, data.features, "evaluate");
  const ds = be.uploadDataset(data.images, data.labels, model.features, model.classes);
  const w = be.upload("f32", model.weight);
  const b = be.upload("f32", model.bias);
  const z = be.zeros("f32", EVAL_CHUNK * model.classes);
  try {
    return await _evaluateOnDevice(be, ds, loss, w, b, z, true);
  } finally {
    for (const t of [w, b, z]) be.release(t);
    be.releaseDataset(ds);
  }
}

/** Class probabilities and predicted classes of a batch. */
export interface Prediction {
  /** `n×C` softmax probabilities, row-major. */
  readonly probabilities: Float32Array;
  /** `n` predicted classes (first maximum of each row). */
  readonly classes: Uint8Array;
}

/**
 * Class probabilities and predicted class for a batch of images on a backend.
 * @param be the backend to run on
 * @param model the parameters
 * @param images `n × F` pixel bytes, row-major
 * @returns probabilities `[n×C]` and predicted classes `[n]`
 * @throws {RangeError} when `images.length` is not a multiple of the model's input size.
 * @example
 * ```ts
 * import { createCpuBackend } from "@mnist/tensor/cpu";
 * import { predict, SoftmaxRegression } from "@mnist/softmax";
 * const model = SoftmaxRegression.init(4, 3, 1);
 * const { classes } = await predict(createCpuBackend(), model, new Uint8Array([0, 255, 0, 9]));
 * console.log(classes.length); // 1
 * ```
 */
export async function predict(
  be: Backend,
  model: SoftmaxRegression,
  images: Uint8Array,
): Promise<Prediction> {
  const { features: F, classes: C } = model;
  if (images.length % F !== 0) {
    throw new RangeError(`Cannot predict: images hold ${images.length} bytes, expected a multiple of ${F}`);
  }
  const n = images.length / F;
  const probabilities = new Float32Array(n * C);
  const classes = new Uint8Array(n);
  if (n === 0) return { probabilities, classes };
  const ds = be.uploadDataset(images, new Uint8Array(n), F, C);
  const w = be.upload("f32", model.weight);
  const b = be.upload("f32", model.bias);
  const z = be.zeros("f32", Math.min(n, EVAL_CHUNK) * C);
  const p = be.zeros("f32", Math.min(n, EVAL_CHUNK) * C);
  try {
    for (let offset = 0; offset < n; offset += EVAL_CHUNK) {
      const count = Math.min(EVAL_CHUNK, n - offset);
      be.linearForward(ds, { order: null, offset, count }, w, b, z);
      be.softmax(z, p, C);
      const chunk = (await be.read(p)).subarray(0, count * C);
      probabilities.set(chunk, offset * C);
    }
  } finally {
    for (const t of [w, b, z, p]) be.release(t);
    be.releaseDataset(ds);
  }
  for (let i = 0; i < n; i++) classes[i] = argmax(probabilities, i * C, C);
  return { probabilities, classes };
}

function argmax(a: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (a[offset + c] > a[offset + best]) best = c;
  return best;
}

function checkShape(model: SoftmaxRegression, features: number, action: string): void {
  if (features !== model.features) {
    throw new RangeError(
      `Cannot ${action}: dataset has ${features} features per image, expected the model's ${model.features}`,
    );
  }
}
