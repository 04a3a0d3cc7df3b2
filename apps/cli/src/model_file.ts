/**
 * Model and checkpoint files of a run directory:
 * - `model.safetensors` + `model.json` — the final model (PyTorch `nn.Linear` layout) and its sidecar;
 * - `checkpoints/epoch-NNN/{model,optimizer}.safetensors` + `checkpoint.json` — everything `--resume`
 *   needs to continue bit for bit. Every file is written atomically.
 * @module
 */
import { join } from "node:path";
import {
  type CheckpointInfo,
  decodeCheckpoint,
  decodeModel,
  encodeCheckpoint,
  encodeModel,
  type SoftmaxRegression,
  type TrainingState,
} from "@mnist/softmax";
import { writeFileAtomic } from "./atomic.ts";
import { UsageError } from "./usage_error.ts";

/** Writes `<dir>/model.safetensors` and `<dir>/model.json`. */
export async function saveModel(
  dir: string,
  model: SoftmaxRegression,
  sidecar: Record<string, unknown>,
): Promise<void> {
  await writeFileAtomic(join(dir, "model.safetensors"), encodeModel(model));
  const json = {
    format: "mnist-softmax-model",
    features: model.features,
    classes: model.classes,
    ...sidecar,
  };
  await writeFileAtomic(join(dir, "model.json"), `${JSON.stringify(json, null, 2)}\n`);
}

/** Directory of the checkpoint after `epoch`, relative to the run directory. */
export function checkpointDir(epoch: number): string {
  return join("checkpoints", `epoch-${String(epoch).padStart(3, "0")}`);
}

/** Writes the checkpoint of `state` under `runDir`; the sidecar goes last, so its presence marks completeness. */
export async function saveCheckpoint(
  runDir: string,
  state: TrainingState,
  info: CheckpointInfo,
): Promise<string> {
  const rel = checkpointDir(state.epoch);
  const dir = join(runDir, rel);
  await Deno.mkdir(dir, { recursive: true });
  const encoded = encodeCheckpoint(state, info);
  await writeFileAtomic(join(dir, "model.safetensors"), encoded.model);
  await writeFileAtomic(join(dir, "optimizer.safetensors"), encoded.optimizer);
  await writeFileAtomic(join(dir, "checkpoint.json"), `${JSON.stringify(encoded.sidecar, null, 2)}\n`);
  return rel;
}

/**
 * Removes what an earlier run left in `runDir` that the run starting now would not write itself: the
 * checkpoints after epoch `after` (all of them when 0) and, when `after` is 0, the final model — so
 * `--resume` and `--model` never pick up another run's files.
 */
export async function removeStaleRunFiles(runDir: string, after: number): Promise<void> {
  const stale: string[] = [];
  try {
    for await (const entry of Deno.readDir(join(runDir, "checkpoints"))) {
      const m = /^epoch-(\d+)$/.exec(entry.name);
      if (entry.isDirectory && m && Number(m[1]) > after) stale.push(join(runDir, "checkpoints", entry.name));
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (after === 0) stale.push(join(runDir, "model.safetensors"), join(runDir, "model.json"));
  for (const path of stale)
    await Deno.remove(path, { recursive: true }).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
}

/**
 * Loads the newest complete checkpoint of a run directory.
 * @throws {UsageError} naming the directory when there is none or it is corrupt.
 */
export async function loadLatestCheckpoint(
  runDir: string,
): Promise<{ state: TrainingState; dir: string; datasets?: Record<string, string> }> {
  const epochs: number[] = [];
  try {
    for await (const entry of Deno.readDir(join(runDir, "checkpoints"))) {
      const m = /^epoch-(\d+)$/.exec(entry.name);
      if (entry.isDirectory && m) epochs.push(Number(m[1]));
    }
  } catch {
    throw new UsageError(
      `Cannot use --resume ${runDir}: no checkpoints directory, expected a run directory written by "mnist train"`,
    );
  }
  epochs.sort((a, b) => b - a);
  for (const epoch of epochs) {
    const dir = join(runDir, checkpointDir(epoch));
    let sidecar: string;
    try {
      sidecar = await Deno.readTextFile(join(dir, "checkpoint.json"));
    } catch {
      continue; // incomplete: interrupted while writing; use the one before
    }
    try {
      const state = decodeCheckpoint({
        model: await Deno.readFile(join(dir, "model.safetensors")),
        optimizer: await Deno.readFile(join(dir, "optimizer.safetensors")),
        sidecar,
      });
      return { state, dir, datasets: JSON.parse(sidecar).datasets };
    } catch (error) {
      throw new UsageError(
        `Cannot use --resume ${runDir}: checkpoint ${dir} is unreadable (${error instanceof Error ? error.message : error}), expected files written by "mnist train"`,
      );
    }
  }
  throw new UsageError(
    `Cannot use --resume ${runDir}: no complete checkpoint, expected checkpoints/epoch-NNN/checkpoint.json`,
  );
}

/** Where a model named by the user lives: a run directory (its `model.safetensors`) or a `.safetensors` file. */
export async function resolveModelPath(pathOrRunDir: string, flag = "--model"): Promise<string> {
  try {
    const info = await Deno.stat(pathOrRunDir);
    return info.isDirectory ? join(pathOrRunDir, "model.safetensors") : pathOrRunDir;
  } catch {
    throw new UsageError(
      `Cannot use ${flag} ${pathOrRunDir}: not found, expected a run directory or a .safetensors file`,
    );
  }
}

/**
 * Loads a model: a run directory's `model.safetensors` or any safetensors with `weight` [C, F] and `bias` [C].
 * @throws {UsageError} naming the file when it is missing or malformed.
 */
export async function loadModel(
  pathOrRunDir: string,
  flag = "--model",
): Promise<{ model: SoftmaxRegression; path: string }> {
  const path = await resolveModelPath(pathOrRunDir, flag);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch {
    throw new UsageError(
      `Cannot use ${flag} ${pathOrRunDir}: ${path} not found, expected a model.safetensors written by "mnist train"`,
    );
  }
  try {
    return { model: decodeModel(bytes, path), path };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
