/**
 * A model named by the user (`--model`): a run directory's final model or any `.safetensors` file.
 * What a run directory holds is `run_dir.ts`'s business.
 * @module
 */
import { join } from "node:path";
import { decodeModel, type SoftmaxRegression } from "@mnist/softmax";
import { describeFsError, readChecked } from "./checked_fs.ts";
import { errorMessage, UsageError } from "./usage_error.ts";

/** Where a model named by the user lives: a run directory (its `model.safetensors`) or a `.safetensors` file. */
export async function resolveModelPath(pathOrRunDir: string, flag = "--model"): Promise<string> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(pathOrRunDir);
  } catch (error) {
    throw new UsageError(
      `Cannot use ${flag} ${pathOrRunDir}: ${describeFsError(error)}, expected a run directory or a .safetensors file`,
    );
  }
  return info.isDirectory ? join(pathOrRunDir, "model.safetensors") : pathOrRunDir;
}

/**
 * Loads a model: a run directory's `model.safetensors` or any safetensors with `weight` [C, F] and
 * `bias` [C]. The file is checked first (a regular file under the model size cap; inside the run
 * directory when one was named), and `@mnist/softmax` refuses non-finite weights and impossible shapes.
 * @throws {UsageError} naming the file when it is missing, not a regular file, too large or malformed.
 */
export async function loadModel(
  pathOrRunDir: string,
  flag = "--model",
): Promise<{ model: SoftmaxRegression; path: string }> {
  const path = await resolveModelPath(pathOrRunDir, flag);
  const bytes = await readChecked(path, "model", {
    ...(path === pathOrRunDir ? {} : { root: pathOrRunDir, rootName: `${flag} ${pathOrRunDir}` }),
    expected: 'a model.safetensors written by "mnist train"',
  });
  try {
    return { model: decodeModel(bytes, path), path };
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}
