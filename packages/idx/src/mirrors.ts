/**
 * Loading a known dataset from a list of mirrors, tried in order, with a verified cache.
 *
 * Runtime-neutral: the mirrors and the cache are injected (see `@mnist/idx/fetch` and `@mnist/idx/fs`).
 * @module
 */
import type { ReadFile } from "./dataset.ts";
import { isGzip } from "./gzip.ts";
import { inflateIdx } from "./inflate_idx.ts";
import { DATASET_ROLES, datasetFileNames, type KnownDataset, MNIST } from "./known_datasets.ts";
import { type LoadedDataset, loadDataset } from "./load_dataset.ts";
import { parseIdx } from "./parse_idx.ts";
import { sha256Hex } from "./sha256.ts";

/** A place that serves the dataset files (a URL prefix, a directory). */
export interface Mirror {
  /** Shown in errors, e.g. the base URL. */
  readonly location: string;
  /** Returns the bytes of a file by its remote name. */
  readonly read: ReadFile;
}

/**
 * Where verified files are kept between runs. `write` must be atomic: once it resolves, `name` holds
 * exactly `bytes`, and if it fails no file called `name` appears (a temp file and a rename do that).
 */
export interface DatasetCache {
  /** The bytes of a cached file, or undefined when it is absent. */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Stores a file atomically. */
  write(name: string, bytes: Uint8Array): Promise<void>;
}

/** Options of {@link loadFromMirrors}. */
export interface LoadFromMirrorsOptions {
  /** The dataset to fetch; every file is checked against its SHA-256. Default {@link MNIST}. */
  dataset?: KnownDataset;
  /** The remote name of a file; default `name + ".gz"` (how MNIST mirrors serve it). */
  remoteName?: (name: string) => string;
  /** Keeps verified, uncompressed files under their canonical names. */
  cache?: DatasetCache;
  /** Abandons the download between files and mirrors. */
  signal?: AbortSignal;
}

/**
 * A cache held in memory (for the browser or tests).
 * @returns a {@link DatasetCache} backed by a Map.
 */
export function memoryCache(): DatasetCache & { readonly files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    read: async (name) => files.get(name),
    write: async (name, bytes) => void files.set(name, new Uint8Array(bytes)), // a copy, even of a Buffer
  };
}

/**
 * Loads a known dataset, taking each file from the cache when its SHA-256 still matches, otherwise from
 * the first mirror that serves it intact: the download is inflated if gzip, hashed, and only if it
 * matches the known SHA-256 and parses is it written to the cache. A mismatch never reaches the cache.
 * @param mirrors tried in order for each file.
 * @param options the dataset, remote naming, the cache and an abort signal.
 * @returns the loaded, verified dataset.
 * @throws {AggregateError} naming every mirror's failure when no mirror served a file intact.
 * @example
 * ```ts ignore
 * import { loadFromMirrors, memoryCache } from "@mnist/idx";
 * import { fetchMirror } from "@mnist/idx/fetch";
 * const ds = await loadFromMirrors([fetchMirror("https://example.org/mnist/")], { cache: memoryCache() });
 * ```
 */
export async function loadFromMirrors(
  mirrors: readonly Mirror[],
  options: LoadFromMirrorsOptions = {},
): Promise<LoadedDataset> {
  const dataset = options.dataset ?? MNIST;
  const got = new Map<string, Uint8Array>();
  for (const role of DATASET_ROLES) {
    const file = dataset.files[role];
    got.set(file.name, await fetchVerified(mirrors, file.name, file.sha256, options));
  }
  return await loadDataset(async (name) => got.get(name)!, {
    files: datasetFileNames(dataset),
    expect: dataset,
  });
}

async function fetchVerified(
  mirrors: readonly Mirror[],
  name: string,
  sha256: string,
  options: LoadFromMirrorsOptions,
): Promise<Uint8Array> {
  const cached = await options.cache?.read(name);
  if (cached && (await sha256Hex(cached)) === sha256) return cached;
  const remote = (options.remoteName ?? ((n: string) => `${n}.gz`))(name);
  const failures: unknown[] = [];
  for (const mirror of mirrors) {
    options.signal?.throwIfAborted();
    try {
      const stored = await mirror.read(remote);
      const bytes = isGzip(stored) ? await inflateIdx(stored, remote) : stored;
      const actual = await sha256Hex(bytes);
      if (actual !== sha256) {
        throw new RangeError(`Cannot verify ${remote}: SHA-256 is ${actual}, expected ${sha256}`);
      }
      parseIdx(bytes, remote);
      await options.cache?.write(name, bytes);
      return bytes;
    } catch (error) {
      failures.push(error);
    }
  }
  const reasons = failures.map((e, i) => `${mirrors[i].location}: ${e instanceof Error ? e.message : e}`);
  throw new AggregateError(
    failures,
    `Cannot download ${name}: ${mirrors.length} mirror(s) failed (${reasons.join("; ")}), expected one to serve it with SHA-256 ${sha256}`,
  );
}
