/**
 * Loading an MNIST-family dataset through an injected reader: gzip detection, validation, SHA-256
 * verification of known datasets, class count from the labels of unknown ones.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import {
  type Dataset,
  type DatasetSplits,
  datasetFromIdx,
  MNIST_FILES,
  maxLabel,
  type ReadFile,
} from "./dataset.ts";
import { findDatasetFiles } from "./find_dataset_files.ts";
import { isGzip } from "./gzip.ts";
import type { IdxArray } from "./idx_types.ts";
import { inflateIdx } from "./inflate_idx.ts";
import {
  DATASET_ROLES,
  type DatasetFiles,
  type DatasetRole,
  datasetFileNames,
  identifyFile,
  type KnownDataset,
  MNIST,
} from "./known_datasets.ts";
import { parseIdx } from "./parse_idx.ts";
import { sha256Hex } from "./sha256.ts";

/** Where dataset files come from: a reader, and a listing when the source can list (a directory). */
export interface DatasetSource {
  /** Returns a file's bytes (raw or gzip). */
  read: ReadFile;
  /** Lists the file names, so that {@link findDatasetFiles} can pick the four files. */
  list?: () => Promise<readonly string[]>;
  /** The directory, URL or "browser files", for error messages. */
  location?: string;
}

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  /** The four file names; by default found in the source's listing, else the MNIST names. */
  files?: DatasetFiles;
  /** With a listing, keep only names with this prefix (e.g. `emnist-digits-`). */
  prefix?: string;
  /** Require these exact files: each SHA-256 must match. By default known datasets are recognised. */
  expect?: KnownDataset;
}

/** Options of {@link loadDataset} that return an {@link UnverifiedDataset}. */
export interface VerifyLaterOptions extends LoadDatasetOptions {
  /**
   * Resolve as soon as the files are read, parsed and validated, and check their SHA-256 sums
   * afterwards: `verified` settles when every sum is known. Only with `expect` does this save time;
   * without it the sums are needed to recognise the dataset (and so its class count) and are awaited
   * before resolving. With `expect`, a label outside its classes may then be reported before a
   * mismatched sum (without this option the mismatch comes first).
   */
  verifyLater: true;
}

/**
 * Parsed, validated splits whose SHA-256 sums are still being computed. Nothing about them is
 * verified until `verified` resolves.
 */
export interface UnverifiedDataset extends DatasetSplits {
  /**
   * Resolves to the verified dataset (the same splits, the known dataset, each file's SHA-256);
   * rejects with the `RangeError` of {@link loadDataset} when a file does not match `expect`. Marked
   * handled, so a caller that fails before awaiting it gets no unhandled rejection.
   */
  readonly verified: Promise<LoadedDataset>;
}

/** A loaded dataset and what was learned about its files. */
export interface LoadedDataset extends DatasetSplits {
  /** The known dataset all four files matched, if any. */
  readonly known?: KnownDataset;
  /** Name read and SHA-256 of the uncompressed bytes of each file. */
  readonly files: Readonly<Record<DatasetRole, { readonly name: string; readonly sha256: string }>>;
}

interface CheckedFile {
  name: string;
  /** SHA-256 of the uncompressed bytes; rejects on a mismatch with the expected sum. */
  sha256: Promise<string>;
  idx: IdxArray;
}

async function readChecked(read: ReadFile, name: string, expected: string | undefined): Promise<CheckedFile> {
  // A plain view, so that a Node Buffer never leaks into the dataset (its slice() shares memory).
  const got = await read(name);
  const stored = new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
  const bytes = isGzip(stored) ? await inflateIdx(stored, name) : stored;
  // Started before parsing: the platform hashes off the main thread while we parse and validate.
  const sha256 = sha256Hex(bytes).then((sum) => {
    if (expected !== undefined && sum !== expected) {
      throw new RangeError(`Cannot verify ${name}: SHA-256 is ${sum}, expected ${expected}`);
    }
    return sum;
  });
  sha256.catch(() => {}); // awaited by the caller; never an unhandled rejection
  return { name, sha256, idx: parseIdx(bytes, name) };
}

/** Waits for every started read (so none fails unobserved), then throws the first failure. */
async function settleAll<T>(started: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(started);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/**
 * Loads train and test splits: reads the four files in parallel, inflates gzip, validates every header
 * against its length, hashes each file (SHA-256, asynchronously: the platform's `crypto.subtle`, which
 * Deno, Node and browsers run off the main thread) and checks the labels. A known dataset gets its
 * declared class count; an unknown one takes it from the largest label in either split. With
 * `verifyLater` (and `expect`) it resolves before the sums are known, see {@link UnverifiedDataset}.
 * @param source a reader function, or a {@link DatasetSource} with a listing.
 * @param options file names, name prefix, or a dataset every file must match.
 * @returns the splits, the known dataset (if recognised) and each file's SHA-256; with `verifyLater`,
 * the splits and a `verified` promise of those.
 * @throws {SyntaxError} on a bad magic or corrupt gzip.
 * @throws {RangeError} on a malformed file, a SHA-256 mismatch with `expect`, image/label counts that
 * differ, or labels outside the known class range.
 * @example
 * ```ts ignore
 * import { loadDataset } from "@mnist/idx";
 * import { dirSource } from "@mnist/idx/fs";
 * const { train, test, known } = await loadDataset(dirSource("data/fashion-mnist"));
 * // Start work on the data while the SHA-256 sums are computed; report nothing before they match.
 * const early = await loadDataset(dirSource("data/mnist"), { expect: MNIST, verifyLater: true });
 * const { files } = await early.verified; // rejects with a RangeError on a mismatch
 * ```
 */
export async function loadDataset(
  source: ReadFile | DatasetSource,
  options?: LoadDatasetOptions,
): Promise<LoadedDataset>;
export async function loadDataset(
  source: ReadFile | DatasetSource,
  options: VerifyLaterOptions,
): Promise<UnverifiedDataset>;
export async function loadDataset(
  source: ReadFile | DatasetSource,
  options: LoadDatasetOptions & { verifyLater?: boolean } = {},
): Promise<LoadedDataset | UnverifiedDataset> {
  const src: DatasetSource = typeof source === "function" ? { read: source } : source;
  const expect = options.expect;
  const files =
    options.files ??
    (src.list
      ? findDatasetFiles(await src.list(), { prefix: options.prefix, location: src.location })
      : expect
        ? datasetFileNames(expect)
        : MNIST_FILES);
  const started = DATASET_ROLES.map((role) => readChecked(src.read, files[role], expect?.files[role].sha256));
  const checked = await settleAll(started);
  const byRole = Object.fromEntries(DATASET_ROLES.map((r, i) => [r, checked[i]])) as Record<
    DatasetRole,
    CheckedFile
  >;
  const sums = async () => {
    const all = await settleAll(DATASET_ROLES.map((r) => byRole[r].sha256));
    return Object.fromEntries(
      DATASET_ROLES.map((r, i) => [r, { name: byRole[r].name, sha256: all[i] }]),
    ) as Record<DatasetRole, { name: string; sha256: string }>;
  };
  // Without `expect` the sums say which dataset this is, and so its class count; without
  // `verifyLater` a mismatch is reported before anything else about the data.
  const early = expect === undefined || options.verifyLater !== true ? await sums() : undefined;
  const known = expect ?? (early && recognise(early));
  const split = (images: CheckedFile, labels: CheckedFile, classes?: number): Dataset =>
    datasetFromIdx(images.idx, labels.idx, { images: images.name, labels: labels.name }, classes);
  let classes = known?.classes;
  if (classes === undefined) {
    classes = Math.max(labelsMax(byRole.trainLabels), labelsMax(byRole.testLabels)) + 1;
  }
  const splits: DatasetSplits = {
    train: split(byRole.trainImages, byRole.trainLabels, classes),
    test: split(byRole.testImages, byRole.testLabels, classes),
  };
  const finish = async (): Promise<LoadedDataset> => ({ ...splits, known, files: early ?? (await sums()) });
  if (options.verifyLater !== true) return await finish();
  const verified = finish();
  verified.catch(() => {}); // the caller awaits it; a caller that fails first leaves no unhandled rejection
  return { ...splits, verified };
}

function labelsMax(file: CheckedFile): number {
  return file.idx.type === "u8" ? maxLabel(file.idx.data as Uint8Array) : -1;
}

function recognise(files: Record<DatasetRole, { sha256: string }>): KnownDataset | undefined {
  const first = identifyFile(files.trainImages.sha256);
  if (!first) return undefined;
  const all = DATASET_ROLES.every((r) => {
    const m = identifyFile(files[r].sha256);
    return m?.dataset === first.dataset && m.role === r;
  });
  return all ? first.dataset : undefined;
}

/**
 * Loads the four MNIST files through `read` and verifies each against its known SHA-256.
 * @param read returns a file's bytes (raw or gzip) given its MNIST name.
 * @returns train (60,000) and test (10,000) splits.
 * @throws {RangeError} when a file is not the MNIST file (SHA-256 mismatch) or is malformed.
 * @example
 * ```ts ignore
 * import { loadMnist } from "@mnist/idx";
 * import { readFile } from "node:fs/promises";
 * const { train, test } = await loadMnist((name) => readFile(`data/${name}`));
 * ```
 */
export async function loadMnist(read: ReadFile): Promise<LoadedDataset> {
  return await loadDataset(read, { expect: MNIST });
}
