/**
 * Checkpoints: the model and the optimiser state as safetensors, plus a JSON sidecar. Bytes and
 * objects in and out; writing files is the caller's job. Suggested file names:
 * `model.safetensors`, `optimizer.safetensors`, `checkpoint.json`.
 *
 * `model.safetensors` — PyTorch `nn.Linear` layout, so
 * `torch.nn.Linear(F, C).load_state_dict(safetensors.torch.load_file("model.safetensors"))` works:
 * - `weight`: F32 `[C, F]` (row = class, column = pixel)
 * - `bias`: F32 `[C]`
 * - metadata: `format` = `pt`, `features`, `classes`
 *
 * `optimizer.safetensors` — PyTorch's per-parameter state names, weight-shaped tensors `[C, F]`:
 * - SGD with momentum: `weight.momentum_buffer`, `bias.momentum_buffer`
 * - Adam: `weight.exp_avg`, `weight.exp_avg_sq`, `bias.exp_avg`, `bias.exp_avg_sq`
 * - plain SGD: no tensors
 * - metadata: `optimizer`, `step`
 *
 * Runtime-neutral.
 * @module
 */
import { type DatasetIdentity, validateDatasetIdentity } from "@mnist/idx";
import { checkFinite, checkSidecar, excerpt } from "./_validate.ts";
import type { TrainConfig } from "./config.ts";
import type { SoftmaxRegression } from "./model.ts";
import { type OptimizerTensors, optimizerSlots } from "./optimizer.ts";
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from "./safetensors.ts";
import { readSafetensorsModel } from "./safetensors_model.ts";
import type { StreamLayout } from "./stream_source.ts";
import type { TrainingState } from "./trainer.ts";

/** The JSON sidecar of a checkpoint. */
export interface CheckpointSidecar {
  /** Identifies the file. */
  readonly format: "mnist-softmax-checkpoint";
  /** The sidecar's format version. */
  readonly version: 1;
  /** Inputs per image. */
  readonly features: number;
  /** Number of classes. */
  readonly classes: number;
  /** The run's config. */
  readonly config: TrainConfig;
  /** The run's seed (also in `config`). */
  readonly seed: number;
  /** Epochs completed. */
  readonly epoch: number;
  /** Optimiser steps completed. */
  readonly step: number;
  /** Shuffling PRNG state (four u32 words) after `epoch`: the state epoch `epoch + 1` draws from. */
  readonly rng: readonly number[];
  /**
   * Steps of epoch `epoch + 1` trained when the checkpoint was taken inside it (so `step` is `epoch`
   * epochs' steps plus this); absent for a checkpoint after a whole epoch.
   */
  readonly epochStep?: number;
  /** `"cpu"` or `"webgpu"`, when given. */
  readonly backend?: string;
  /** SHA-256 (hex) of each dataset file, by file name (checkpoints written before `dataset` existed). */
  readonly datasets?: Readonly<Record<string, string>>;
  /** The data trained on, when given: `--resume` continues only on the same files. */
  readonly dataset?: DatasetIdentity;
  /** Metrics at `epoch` (train/test accuracy and loss). */
  readonly metrics?: Readonly<Record<string, number>>;
  /**
   * How a streamed training set is cut (`streamBatchSource`); with `epoch` and `rng` it fixes where
   * the next epoch starts: its shard order and every buffer's order. Absent for a set in memory.
   */
  readonly stream?: StreamLayout;
}

/** What {@link encodeCheckpoint} returns. */
export interface EncodedCheckpoint {
  /** `model.safetensors` bytes. */
  readonly model: Uint8Array;
  /** `optimizer.safetensors` bytes. */
  readonly optimizer: Uint8Array;
  /** `checkpoint.json` contents (serialise with `JSON.stringify`). */
  readonly sidecar: CheckpointSidecar;
}

/** Extra facts for the sidecar. */
export interface CheckpointInfo {
  /** `"cpu"` or `"webgpu"`. */
  readonly backend?: string;
  /** The data the run trains on (recorded in the sidecar). */
  readonly dataset?: DatasetIdentity;
  /** Metrics at the checkpoint's epoch. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** The layout of a streamed training set. */
  readonly stream?: StreamLayout;
}

/**
 * Encodes a model as `model.safetensors` bytes (`weight` F32 `[C, F]`, `bias` F32 `[C]`); `metadata`
 * adds string entries to the header's `__metadata__` (e.g. `dataset`), beside `format`, `features`, `classes`.
 * @example
 * ```ts
 * import { decodeModel, encodeModel, SoftmaxRegression } from "@mnist/softmax";
 * const model = SoftmaxRegression.init(784, 10, 1);
 * console.log(decodeModel(encodeModel(model)).weight[5] === model.weight[5]); // true
 * ```
 */
export function encodeModel(
  model: SoftmaxRegression,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const { features: F, classes: C } = model;
  return encodeSafetensors(
    {
      weight: { dtype: "F32", shape: [C, F], data: model.torchWeight() },
      bias: { dtype: "F32", shape: [C], data: model.bias.slice() },
    },
    { ...metadata, format: "pt", features: String(F), classes: String(C) },
  );
}

/**
 * Decodes `model.safetensors` bytes (as written by {@link encodeModel}, or PyTorch's `save_file` of an
 * `nn.Linear` state dict under any prefix, in any float type: see {@link readSafetensorsModel}, which
 * also says which tensors were used and what was converted).
 * @param bytes the whole file: any `Uint8Array`, including a Node `Buffer` or a view into a larger buffer
 * @param name the file's name, for error messages
 * @returns the model
 * @throws {RangeError} when no single float weight/bias pair is found or the shapes disagree.
 */
export function decodeModel(bytes: Uint8Array, name = "model.safetensors"): SoftmaxRegression {
  return readSafetensorsModel(bytes, name).model;
}

/**
 * Encodes a training state (from a `checkpoint` event) as two safetensors files and a sidecar.
 * @param state the state to save
 * @param info backend, dataset identity and metrics for the sidecar
 * @returns the bytes of `model.safetensors` and `optimizer.safetensors`, and the sidecar object
 */
export function encodeCheckpoint(state: TrainingState, info: CheckpointInfo = {}): EncodedCheckpoint {
  const { model, config } = state;
  const { features: F, classes: C } = model;
  const tensors: Record<string, SafeTensor> = {};
  for (const [key, data] of Object.entries(state.optimizer)) {
    const isWeight = key.startsWith("weight.");
    tensors[key] = isWeight
      ? { dtype: "F32", shape: [C, F], data: transpose(data, F, C) }
      : { dtype: "F32", shape: [data.length], data: data.slice() };
  }
  const optimizer = encodeSafetensors(tensors, { optimizer: config.optimizer, step: String(state.step) });
  const sidecar: CheckpointSidecar = {
    format: "mnist-softmax-checkpoint",
    version: 1,
    features: F,
    classes: C,
    config,
    seed: config.seed,
    epoch: state.epoch,
    step: state.step,
    rng: [...state.rng],
    ...(state.epochStep === undefined ? {} : { epochStep: state.epochStep }),
    ...(info.backend === undefined ? {} : { backend: info.backend }),
    ...(info.dataset === undefined ? {} : { dataset: info.dataset }),
    ...(info.metrics === undefined ? {} : { metrics: { ...info.metrics } }),
    ...(info.stream === undefined ? {} : { stream: { ...info.stream } }),
  };
  return { model: encodeModel(model), optimizer, sidecar };
}

/**
 * Decodes a checkpoint back into a training state to pass as `train({ resume })`, validating it as a
 * whole: the sidecar's every field (format, shape, configuration, seed, epoch, step, RNG state, dataset
 * sums, metrics), finite weights of the sidecar's shape, and exactly the optimiser state the
 * configuration needs, each tensor of its parameter's shape and finite.
 * @param parts the two files' bytes (any `Uint8Array` views) and the sidecar (object or JSON text)
 * @returns the training state
 * @throws {RangeError} naming the file and field when anything is missing, malformed or inconsistent.
 */
export function decodeCheckpoint(parts: {
  readonly model: Uint8Array;
  readonly optimizer: Uint8Array;
  readonly sidecar: CheckpointSidecar | string;
}): TrainingState {
  let parsed: unknown = parts.sidecar;
  if (typeof parts.sidecar === "string") {
    try {
      parsed = JSON.parse(parts.sidecar);
    } catch {
      throw new RangeError("Cannot load checkpoint.json: it is not valid JSON, expected a JSON object");
    }
  }
  const sidecar = checkSidecar(parsed);
  sidecarDataset(parsed as { dataset?: unknown }, "checkpoint.json");
  const model = decodeModel(parts.model);
  if (model.features !== sidecar.features || model.classes !== sidecar.classes) {
    throw new RangeError(
      `Cannot load checkpoint: model.safetensors is ${model.features}→${model.classes}, expected checkpoint.json's ${sidecar.features}→${sidecar.classes}`,
    );
  }
  const name = "optimizer.safetensors";
  const { tensors, metadata } = decodeSafetensors(parts.optimizer, name);
  if (metadata.optimizer !== undefined && metadata.optimizer !== sidecar.resolved.optimizer) {
    throw new RangeError(
      `Cannot load ${name}: metadata optimizer is ${excerpt(metadata.optimizer)}, expected checkpoint.json's ${JSON.stringify(sidecar.resolved.optimizer)}`,
    );
  }
  if (metadata.step !== undefined && metadata.step !== String(sidecar.step)) {
    throw new RangeError(
      `Cannot load ${name}: metadata step is ${excerpt(metadata.step)}, expected checkpoint.json's ${sidecar.step}`,
    );
  }
  const F = model.features;
  const C = model.classes;
  const slots = optimizerSlots(sidecar.resolved);
  const expectedKeys = ["weight", "bias"].flatMap((param) => slots.map((slot) => `${param}.${slot}`));
  const extra = Object.keys(tensors).find((key) => !expectedKeys.includes(key));
  if (extra !== undefined) {
    throw new RangeError(
      `Cannot load ${name}: it holds ${excerpt(extra)}, expected only ${expectedKeys.length === 0 ? "no tensors" : expectedKeys.join(", ")} for ${sidecar.resolved.optimizer}${sidecar.resolved.optimizer === "sgd" ? ` momentum ${sidecar.resolved.momentum}` : ""}`,
    );
  }
  const optimizer: OptimizerTensors = {};
  for (const key of expectedKeys) {
    const t = tensors[key];
    const shape = key.startsWith("weight.") ? [C, F] : [C];
    if (t?.dtype !== "F32" || t.shape.join() !== shape.join()) {
      throw new RangeError(
        `Cannot load ${name}: ${key} is ${describe(t)}, expected F32 [${shape.join(", ")}] with ${shape.reduce((a, d) => a * d, 1)} values`,
      );
    }
    checkFinite(t.data as Float32Array, t.shape, `Cannot load ${name}: ${key}`);
    optimizer[key] = key.startsWith("weight.")
      ? transpose(t.data as Float32Array, C, F)
      : (t.data as Float32Array);
  }
  return {
    config: sidecar.config,
    model,
    optimizer,
    epoch: sidecar.epoch,
    step: sidecar.step,
    rng: [...sidecar.rng],
    ...(sidecar.epochStep === undefined ? {} : { epochStep: sidecar.epochStep }),
  };
}

/**
 * The dataset a checkpoint (or any model sidecar with `features`, `classes` and `dataset`) was trained
 * on, checked: a well-formed identity whose image size and class count are the model's.
 * @param sidecar the parsed sidecar.
 * @param where the file, for messages (e.g. "runs/x/checkpoint.json").
 * @returns the identity, or `undefined` when the sidecar records none (written before it existed).
 * @throws {RangeError} one line naming the field when the identity is malformed or disagrees with the model.
 */
export function sidecarDataset(
  sidecar: { readonly features?: unknown; readonly classes?: unknown; readonly dataset?: unknown },
  where: string,
): DatasetIdentity | undefined {
  if (sidecar.dataset === undefined) return undefined;
  const d = validateDatasetIdentity(sidecar.dataset, `${where} field dataset`);
  const pixels = d.imageShape[0] * d.imageShape[1];
  if (pixels !== sidecar.features || d.classCount !== sidecar.classes) {
    throw new RangeError(
      `Cannot read ${where}: dataset is ${d.imageShape[0]}×${d.imageShape[1]} with ${d.classCount} classes, expected the model's ${sidecar.features} features and ${sidecar.classes} classes`,
    );
  }
  return d;
}

/** `[rows×cols]` → `[cols×rows]`. */
function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
  return out;
}

function describe(t: SafeTensor | undefined): string {
  return t === undefined ? "no" : `${t.dtype} [${t.shape.join(", ")}]`;
}

/**
 * The stream layout a checkpoint sidecar (or a run-start config) records, checked.
 * @param sidecar the parsed JSON object.
 * @param where the file, for messages.
 * @returns the layout, or `undefined` when none is recorded (a set in memory).
 * @throws {RangeError} when `stream` is not two positive integers.
 * @example
 * ```ts
 * import { sidecarStream } from "@mnist/softmax";
 * console.log(sidecarStream({ stream: { shardRows: 100, bufferShards: 4 } })); // { shardRows: 100, bufferShards: 4 }
 * ```
 */
export function sidecarStream(
  sidecar: { stream?: unknown },
  where = "checkpoint.json",
): StreamLayout | undefined {
  const stream = sidecar.stream;
  if (stream === undefined) return undefined;
  const field = (name: "shardRows" | "bufferShards") => {
    const v = (stream as Record<string, unknown> | null)?.[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
      throw new RangeError(
        `Cannot read ${where}: field stream.${name} is ${excerpt(v)}, expected an integer ≥ 1`,
      );
    }
    return v;
  };
  return { shardRows: field("shardRows"), bufferShards: field("bufferShards") };
}
