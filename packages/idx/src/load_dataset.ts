/**
 * Loading an MNIST-family dataset through an injected reader: gzip detection, validation, SHA-256
 * verification of known datasets, class count from the labels of unknown ones.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { labelCountMismatch } from "./_error_wording.ts";
import { peekIdxHeader } from "./_peek_header.ts";
import { CLASS_NAMES_FILE, checkClassNames, parseClassNames } from "./class_names.ts";
import {
  checkSplits,
  type Dataset,
  type DatasetSplits,
  datasetFromIdx,
  MNIST_FILES,
  maxLabel,
  type ReadFile,
} from "./dataset.ts";
import type { DatasetIdentity } from "./dataset_identity.ts";
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
  KNOWN_DATASETS,
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
  /**
   * The class count, overriding every other source: labels must be below it. Needed for data shaped
   * like a known dataset (e.g. 60,000 + 10,000 images of 28×28) whose labels go beyond its classes.
   */
  classes?: number;
  /**
   * One name per class, in label order. For an unknown dataset the default is the source's
   * `classes.txt` (one name per line) when it lists one, else "0", "1", …
   */
  classNames?: readonly string[];
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
  /** Everything above as one plain JSON record, with the class names; see {@link DatasetIdentity}. */
  readonly identity: DatasetIdentity;
}

interface CheckedFile {
  name: string;
  /** SHA-256 of the uncompressed bytes; rejects on a mismatch with the expected sum. */
  sha256: Promise<string>;
  idx: IdxArray;
}

/** A file's bytes as stored (raw or gzip), as a plain view: a Node Buffer never leaks into the dataset. */
async function readStored(read: ReadFile, name: string): Promise<Uint8Array> {
  const got = await read(name);
  return new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
}

/**
 * Compares the image and label counts of each split from the headers alone (a gzip file inflated only
 * that far), so that a file declaring far more images than its labels is refused before it is inflated.
 * Unreadable or mis-typed headers are left to the full read, which names what is wrong.
 */
async function checkHeaderCounts(
  files: DatasetFiles,
  stored: Record<DatasetRole, Uint8Array>,
): Promise<void> {
  for (const [images, labels] of [
    ["trainImages", "trainLabels"],
    ["testImages", "testLabels"],
  ] as const) {
    const [i, l] = await Promise.all([peekIdxHeader(stored[images]), peekIdxHeader(stored[labels])]);
    if (i?.dims.length !== 3 || l?.dims.length !== 1 || i.type !== "u8" || l.type !== "u8") continue;
    if (i.dims[0] !== l.dims[0]) {
      throw labelCountMismatch({ images: files[images], labels: files[labels] }, i.dims[0], l.dims[0]);
    }
  }
}

async function readChecked(
  stored: Uint8Array,
  name: string,
  expected: string | undefined,
): Promise<CheckedFile> {
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
 * differ, an empty split, test images shaped unlike the training images (see {@link checkSplits}), or
 * labels outside the known class range.
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
/** With `verifyLater`: the splits at once and their checksums in `verified` (see the first overload). */
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
  // Listed once: for the four files unless named, and for a classes.txt unless names are known anyway.
  const needList = options.files === undefined || (expect === undefined && options.classNames === undefined);
  const listed = src.list && needList ? await src.list() : undefined;
  const files =
    options.files ??
    (listed
      ? findDatasetFiles(listed, { prefix: options.prefix, location: src.location })
      : expect
        ? datasetFileNames(expect)
        : MNIST_FILES);
  const storedList = await settleAll(DATASET_ROLES.map((role) => readStored(src.read, files[role])));
  const stored = Object.fromEntries(DATASET_ROLES.map((r, i) => [r, storedList[i]])) as Record<
    DatasetRole,
    Uint8Array
  >;
  await checkHeaderCounts(files, stored);
  const started = DATASET_ROLES.map((role) =>
    readChecked(stored[role], files[role], expect?.files[role].sha256),
  );
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
  const fromFile =
    known === undefined && options.classNames === undefined && listed?.includes(CLASS_NAMES_FILE) === true
      ? parseClassNames(await src.read(CLASS_NAMES_FILE), joinLocation(src.location, CLASS_NAMES_FILE))
      : undefined;
  const classes = classCount(byRole, options, known, fromFile);
  const classNames = namesFor(classes, options.classNames, known, fromFile);
  const split = (images: CheckedFile, labels: CheckedFile): Dataset =>
    datasetFromIdx(
      images.idx,
      labels.idx,
      { images: images.name, labels: labels.name },
      classes.count,
      classes.why,
    );
  const splits: DatasetSplits = {
    train: split(byRole.trainImages, byRole.trainLabels),
    test: split(byRole.testImages, byRole.testLabels),
  };
  checkSplits(splits.train, splits.test, {
    trainImages: byRole.trainImages.name,
    testImages: byRole.testImages.name,
  });
  const finish = async (): Promise<LoadedDataset> => {
    const fileSums = early ?? (await sums());
    const identity: DatasetIdentity = {
      name: known?.id ?? "custom",
      dir: src.location ?? "",
      files: fileSums,
      imageShape: [splits.train.rows, splits.train.cols],
      classCount: classes.count,
      classNames,
    };
    return { ...splits, known, files: fileSums, identity };
  };
  if (options.verifyLater !== true) return await finish();
  const verified = finish();
  verified.catch(() => {}); // the caller awaits it; a caller that fails first leaves no unhandled rejection
  return { ...splits, verified };
}

interface ClassCount {
  count: number;
  /** Where the count came from, for the message when a label is not below it. */
  why?: string;
}

function classCount(
  byRole: Record<DatasetRole, CheckedFile>,
  options: LoadDatasetOptions,
  known: KnownDataset | undefined,
  fromFile: readonly string[] | undefined,
): ClassCount {
  if (options.classes !== undefined) {
    if (!Number.isInteger(options.classes) || options.classes < 1 || options.classes > 256) {
      throw new RangeError(
        `Cannot load dataset: classes is ${options.classes}, expected an integer from 1 to 256`,
      );
    }
    return { count: options.classes, why: "the classes option" };
  }
  if (known) return { count: known.classes, why: `the class count of ${known.name}` };
  // Data laid out exactly like a known dataset is taken to be a damaged copy of it: a stray label is
  // then an error rather than a silently wider model.
  const like = KNOWN_DATASETS.find((d) =>
    DATASET_ROLES.every((r) => sameDims(byRole[r].idx.dims, d.files[r].dims)),
  );
  if (like) {
    return {
      count: like.classes,
      why: `the ${like.classes} classes of data shaped like ${like.name}; pass the classes option for more`,
    };
  }
  const names = options.classNames ?? fromFile;
  if (names) return { count: names.length, why: `the ${names.length} class names` };
  return { count: Math.max(labelsMax(byRole.trainLabels), labelsMax(byRole.testLabels)) + 1 };
}

function namesFor(
  classes: ClassCount,
  given: readonly string[] | undefined,
  known: KnownDataset | undefined,
  fromFile: readonly string[] | undefined,
): string[] {
  const names = given ?? fromFile ?? (known?.classes === classes.count ? known.classNames : undefined);
  if (names === undefined) return Array.from({ length: classes.count }, (_, i) => String(i));
  if (names.length !== classes.count) {
    const from = given ? "classNames" : CLASS_NAMES_FILE;
    throw new RangeError(
      `Cannot load dataset: ${from} has ${names.length} class names, expected ${classes.count} (one per class)`,
    );
  }
  // A classes.txt was checked as it was read; given names are checked here, by the same rules.
  if (given) checkClassNames(given, { action: "load dataset", item: "class name" });
  return [...names];
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function joinLocation(location: string | undefined, name: string): string {
  return location === undefined || location === "" ? name : `${location.replace(/\/+$/, "")}/${name}`;
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
