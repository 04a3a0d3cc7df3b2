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

/** A loaded dataset and what was learned about its files. */
export interface LoadedDataset extends DatasetSplits {
  /** The known dataset all four files matched, if any. */
  readonly known?: KnownDataset;
  /** Name read and SHA-256 of the uncompressed bytes of each file. */
  readonly files: Readonly<Record<DatasetRole, { readonly name: string; readonly sha256: string }>>;
}

interface CheckedFile {
  name: string;
  sha256: string;
  idx: IdxArray;
}

async function readChecked(read: ReadFile, name: string, expected: string | undefined): Promise<CheckedFile> {
  // A plain view, so that a Node Buffer never leaks into the dataset (its slice() shares memory).
  const got = await read(name);
  const stored = new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
  const bytes = isGzip(stored) ? await inflateIdx(stored, name) : stored;
  const hash = sha256Hex(bytes);
  let idx: IdxArray;
  try {
    idx = parseIdx(bytes, name);
  } finally {
    await hash.catch(() => {});
  }
  const sha256 = await hash;
  if (expected !== undefined && sha256 !== expected) {
    throw new RangeError(`Cannot verify ${name}: SHA-256 is ${sha256}, expected ${expected}`);
  }
  return { name, sha256, idx };
}

/**
 * Loads train and test splits: reads the four files in parallel, inflates gzip, validates every header
 * against its length, hashes each file (SHA-256, asynchronously) and checks the labels. A known dataset
 * gets its declared class count; an unknown one takes it from the largest label in either split.
 * @param source a reader function, or a {@link DatasetSource} with a listing.
 * @param options file names, name prefix, or a dataset every file must match.
 * @returns the splits, the known dataset (if recognised) and each file's SHA-256.
 * @throws {SyntaxError} on a bad magic or corrupt gzip.
 * @throws {RangeError} on a malformed file, a SHA-256 mismatch with `expect`, image/label counts that
 * differ, or labels outside the known class range.
 * @example
 * ```ts ignore
 * import { loadDataset } from "@mnist/idx";
 * import { dirSource } from "@mnist/idx/fs";
 * const { train, test, known } = await loadDataset(dirSource("data/fashion-mnist"));
 * ```
 */
export async function loadDataset(
  source: ReadFile | DatasetSource,
  options: LoadDatasetOptions = {},
): Promise<LoadedDataset> {
  const src: DatasetSource = typeof source === "function" ? { read: source } : source;
  const expect = options.expect;
  const files =
    options.files ??
    (src.list
      ? findDatasetFiles(await src.list(), { prefix: options.prefix, location: src.location })
      : expect
        ? datasetFileNames(expect)
        : MNIST_FILES);
  const checked = await Promise.all(
    DATASET_ROLES.map((role) => readChecked(src.read, files[role], expect?.files[role].sha256)),
  );
  const byRole = Object.fromEntries(DATASET_ROLES.map((r, i) => [r, checked[i]])) as Record<
    DatasetRole,
    CheckedFile
  >;
  const known = expect ?? recognise(byRole);
  const split = (images: CheckedFile, labels: CheckedFile, classes?: number): Dataset =>
    datasetFromIdx(images.idx, labels.idx, { images: images.name, labels: labels.name }, classes);
  let classes = known?.classes;
  if (classes === undefined) {
    classes = Math.max(labelsMax(byRole.trainLabels), labelsMax(byRole.testLabels)) + 1;
  }
  return {
    train: split(byRole.trainImages, byRole.trainLabels, classes),
    test: split(byRole.testImages, byRole.testLabels, classes),
    known,
    files: Object.fromEntries(
      DATASET_ROLES.map((r) => [r, { name: byRole[r].name, sha256: byRole[r].sha256 }]),
    ) as LoadedDataset["files"],
  };
}

function labelsMax(file: CheckedFile): number {
  return file.idx.type === "u8" ? maxLabel(file.idx.data as Uint8Array) : -1;
}

function recognise(files: Record<DatasetRole, CheckedFile>): KnownDataset | undefined {
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
