/**
 * The identity of a loaded dataset as one plain, JSON-serialisable record (for run logs, checkpoints
 * and model metadata), checking such a record, comparing two, and re-verifying files against one.
 *
 * Runtime-neutral: no file system, network or DOM access (files come through a reader).
 * @module
 */
import type { ReadFile } from "./dataset.ts";
import { isGzip } from "./gzip.ts";
import { inflateIdx } from "./inflate_idx.ts";
import { DATASET_ROLES, type DatasetRole } from "./known_datasets.ts";
import { sha256Hex } from "./sha256.ts";

/** One file of a dataset as recorded: the name it was read under and the SHA-256 of its IDX bytes. */
export interface DatasetFileIdentity {
  /** The file name as read (may end in `.gz`). */
  readonly name: string;
  /** SHA-256 (64 lowercase hex digits) of the uncompressed IDX file. */
  readonly sha256: string;
}

/**
 * Which data a model was trained on: plain JSON, so that it can be stored as is and compared later.
 * @example
 * ```ts
 * import { validateDatasetIdentity } from "@mnist/idx";
 * const sum = "0".repeat(64);
 * const id = validateDatasetIdentity({
 *   name: "custom", dir: "data/shapes", imageShape: [16, 16], classCount: 3, classNames: ["a", "b", "c"],
 *   files: {
 *     trainImages: { name: "train-images-idx3-ubyte", sha256: sum },
 *     trainLabels: { name: "train-labels-idx1-ubyte", sha256: sum },
 *     testImages: { name: "t10k-images-idx3-ubyte", sha256: sum },
 *     testLabels: { name: "t10k-labels-idx1-ubyte", sha256: sum },
 *   },
 * });
 * console.log(id.classCount); // 3
 * ```
 */
export interface DatasetIdentity {
  /** A known dataset's id ("mnist", "fashion-mnist") when all four sums match it, else "custom". */
  readonly name: string;
  /** The directory (or other location) as the caller gave it, not resolved. */
  readonly dir: string;
  /** Name and SHA-256 of each of the four files. */
  readonly files: Readonly<Record<DatasetRole, DatasetFileIdentity>>;
  /** Rows and columns of every image. */
  readonly imageShape: readonly [number, number];
  /** Number of classes; every label is below it. */
  readonly classCount: number;
  /** One name per class, in label order (`classCount` of them). */
  readonly classNames: readonly string[];
}

const SHA256 = /^[0-9a-f]{64}$/;
const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Checks that `value` is a well-formed {@link DatasetIdentity} (e.g. read back from JSON) and returns
 * it typed; unknown extra fields are dropped.
 * @param value the parsed JSON.
 * @param where what holds the record, for messages (e.g. "runs/x/model.json field dataset").
 * @returns a fresh, plain identity.
 * @throws {RangeError} one line naming the first bad field, e.g. `Cannot read dataset identity: field
 * files.trainLabels.sha256 is "abc", expected 64 lowercase hex digits`.
 */
export function validateDatasetIdentity(value: unknown, where = "dataset identity"): DatasetIdentity {
  const fail = (field: string, found: unknown, expected: string): never => {
    throw new RangeError(`Cannot read ${where}: field ${field} is ${describe(found)}, expected ${expected}`);
  };
  const record = (v: unknown, field: string): Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : fail(field, v, "an object");
  const o = record(value, "(the record)");
  const name = o.name;
  if (typeof name !== "string" || !NAME.test(name)) {
    fail("name", name, `"mnist", "fashion-mnist", "custom" or another lowercase id`);
  }
  if (typeof o.dir !== "string") fail("dir", o.dir, "a string");
  const filesIn = record(o.files, "files");
  const files = {} as Record<DatasetRole, DatasetFileIdentity>;
  for (const role of DATASET_ROLES) {
    const f = record(filesIn[role], `files.${role}`);
    if (typeof f.name !== "string" || f.name === "") fail(`files.${role}.name`, f.name, "a file name");
    if (typeof f.sha256 !== "string" || !SHA256.test(f.sha256)) {
      fail(`files.${role}.sha256`, f.sha256, "64 lowercase hex digits");
    }
    files[role] = { name: f.name as string, sha256: f.sha256 as string };
  }
  const shape = o.imageShape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every(isPositiveInteger)) {
    fail("imageShape", shape, "[rows, columns] of two positive integers");
  }
  if (!isPositiveInteger(o.classCount) || (o.classCount as number) > 256) {
    fail("classCount", o.classCount, "an integer from 1 to 256");
  }
  const classCount = o.classCount as number;
  const names = o.classNames;
  if (!Array.isArray(names) || names.length !== classCount) {
    fail("classNames", names, `an array of ${classCount} names (classCount)`);
  }
  (names as unknown[]).forEach((n, i) => {
    if (typeof n !== "string" || n === "") fail(`classNames[${i}]`, n, "a non-empty string");
  });
  return {
    name: name as string,
    dir: o.dir as string,
    files,
    imageShape: [(shape as number[])[0], (shape as number[])[1]],
    classCount,
    classNames: [...(names as string[])],
  };
}

function isPositiveInteger(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v > 0;
}

/** A found value for a message: JSON, cut short. */
function describe(v: unknown): string {
  if (v === undefined) return "missing";
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Tells whether two identities describe the same data: the same four SHA-256 sums, image shape and
 * class count. The directory, the file names (raw or `.gz`) and the class names may differ.
 * @param a one identity.
 * @param b another.
 * @returns true for the same data.
 */
export function sameData(a: DatasetIdentity, b: DatasetIdentity): boolean {
  return (
    DATASET_ROLES.every((r) => a.files[r].sha256 === b.files[r].sha256) &&
    a.imageShape[0] === b.imageShape[0] &&
    a.imageShape[1] === b.imageShape[1] &&
    a.classCount === b.classCount
  );
}

/**
 * Re-reads the four recorded files through `read` and checks each SHA-256 (of the uncompressed bytes)
 * against the record. Files are read one at a time, so at most one is held.
 * @param read returns a file's bytes given its recorded name.
 * @param identity the recorded identity.
 * @param location where the files are, for messages; default the recorded `dir`.
 * @throws {RangeError} `Cannot verify <location>/<file>: SHA-256 is …, expected … (recorded train images of mnist)`.
 * @throws whatever `read` throws for a missing or unreadable file.
 */
export async function verifyDatasetFiles(
  read: ReadFile,
  identity: DatasetIdentity,
  location: string = identity.dir,
): Promise<void> {
  for (const role of DATASET_ROLES) {
    const file = identity.files[role];
    const stored = await read(file.name);
    const path = location === "" ? file.name : `${location.replace(/\/+$/, "")}/${file.name}`;
    const bytes = isGzip(stored) ? await inflateIdx(stored, path) : stored;
    const sum = await sha256Hex(bytes);
    if (sum !== file.sha256) {
      throw new RangeError(
        `Cannot verify ${path}: SHA-256 is ${sum}, expected ${file.sha256} (recorded for ${role} of ${identity.name})`,
      );
    }
  }
}
