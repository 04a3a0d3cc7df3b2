/**
 * A model named by the user (`--model`): a run directory's final model or any `.safetensors` file.
 * What a run directory holds is `run_dir.ts`'s business.
 * @module
 */
import { join } from "node:path";
import { decodeModel, type SoftmaxRegression } from "@mnist/softmax";
import { errorMessage, UsageError } from "./usage_error.ts";

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
    throw new UsageError(errorMessage(error));
  }
}
