/**
 * Finding the four files of an MNIST-family dataset in a directory listing.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { DATASET_ROLES, type DatasetFiles, type DatasetRole } from "./known_datasets.ts";

const ROLE_WORDS: Record<DatasetRole, string> = {
  trainImages: "train images",
  trainLabels: "train labels",
  testImages: "test images",
  testLabels: "test labels",
};

function roleOf(file: string): DatasetRole | undefined {
  const base = file.toLowerCase().replace(/\.gz$/, "");
  const train = /(^|[^a-z])train[^a-z]/.test(base);
  const test = /(^|[^a-z])(t10k|test)[^a-z]/.test(base);
  const images = /(^|[^a-z])images([^a-z]|$)/.test(base);
  const labels = /(^|[^a-z])labels([^a-z]|$)/.test(base);
  if (train === test || images === labels) return undefined;
  return `${train ? "train" : "test"}${images ? "Images" : "Labels"}` as DatasetRole;
}

/**
 * Picks the train/test image/label files out of a listing: names like `train-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte.gz` or `emnist-digits-test-images-idx3-ubyte`. Where both a raw file and its
 * `.gz` are present the raw file wins.
 * @param names the file names in the directory.
 * @param options `prefix` keeps only names that start with it (e.g. `emnist-digits-`); `location` names
 * the directory in errors.
 * @returns the file name for each role.
 * @throws {RangeError} when a role has no file or more than one.
 * @example
 * ```ts
 * import { findDatasetFiles } from "@mnist/idx";
 * const files = findDatasetFiles([
 *   "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
 *   "t10k-labels-idx1-ubyte.gz", "README",
 * ]);
 * console.log(files.testLabels); // "t10k-labels-idx1-ubyte.gz"
 * ```
 */
export function findDatasetFiles(
  names: readonly string[],
  options: { prefix?: string; location?: string } = {},
): DatasetFiles {
  const prefix = options.prefix ?? "";
  const found: Record<DatasetRole, string[]> = {
    trainImages: [],
    trainLabels: [],
    testImages: [],
    testLabels: [],
  };
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const role = roleOf(name.slice(prefix.length));
    if (role) found[role].push(name);
  }
  const where = options.location === undefined ? "" : ` in ${options.location}`;
  const out = {} as Record<DatasetRole, string>;
  for (const role of DATASET_ROLES) {
    const list = found[role].filter((n) => !(n.endsWith(".gz") && found[role].includes(n.slice(0, -3))));
    if (list.length === 0) {
      throw new RangeError(
        `Cannot find dataset files${where}: no file for ${ROLE_WORDS[role]}, expected a name like ${example(role)}`,
      );
    }
    if (list.length > 1) {
      throw new RangeError(
        `Cannot find dataset files${where}: ${list.length} files for ${ROLE_WORDS[role]} (${list.sort().join(", ")}), expected one (pass a prefix to choose)`,
      );
    }
    out[role] = list[0];
  }
  return out;
}

function example(role: DatasetRole): string {
  const split = role.startsWith("train") ? "train" : "t10k";
  return role.endsWith("Images") ? `${split}-images-idx3-ubyte[.gz]` : `${split}-labels-idx1-ubyte[.gz]`;
}
