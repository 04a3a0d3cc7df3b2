/**
 * The validation split: which training rows a run holds out to choose a model by, never the test set.
 *
 * Runtime-neutral.
 * @module
 */
import type { Dataset } from "@mnist/idx";
import { Random } from "@mnist/tensor";

/**
 * Separates the validation stream from the initialisation and shuffling streams of a seed, so that
 * holding rows out does not change which weights a seed starts from.
 */
const VALIDATION_SALT = 0x7a11d;

/** The rows of a training set on each side of a {@link validationSplit}. */
export interface ValidationSplit {
  /** Rows trained on, ascending. */
  readonly train: Uint32Array;
  /** Rows held out, ascending. */
  readonly val: Uint32Array;
}

/**
 * Chooses `n` of `count` training rows to hold out: the first `n` of a Fisher–Yates permutation of
 * the rows drawn from `new Random(seed ^ 0x7a11d)`. The same seed, count and `n` always hold out the
 * same rows, and a smaller `n` holds out a subset of a larger one's rows.
 * @param count rows in the training set
 * @param n rows to hold out, 1 … count − 1
 * @param seed the run's seed
 * @throws {RangeError} when `n` leaves no row on either side.
 * @example
 * ```ts
 * import { validationSplit } from "@mnist/softmax";
 * const { train, val } = validationSplit(10, 3, 0);
 * if (train.length !== 7 || val.length !== 3) throw new Error("unexpected");
 * ```
 */
export function validationSplit(count: number, n: number, seed: number): ValidationSplit {
  if (!(Number.isInteger(n) && n >= 1 && n < count)) {
    throw new RangeError(
      `Cannot split a validation set: ${n} of ${count} training images, expected an integer 1 … ${count - 1}`,
    );
  }
  const perm = new Random(seed ^ VALIDATION_SALT).permutation(count);
  const val = perm.slice(0, n).sort();
  const train = perm.slice(n).sort();
  return { train, val };
}

/**
 * The rows of `ds` named by `rows`, in that order.
 * @param ds a dataset
 * @param rows row indices below `ds.count`
 * @throws {RangeError} naming a row out of range.
 */
export function selectRows(ds: Dataset, rows: Uint32Array): Dataset {
  const F = ds.features;
  const images = new Uint8Array(rows.length * F);
  const labels = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r >= ds.count) {
      throw new RangeError(
        `Cannot select row ${r}: the dataset holds ${ds.count} rows, expected rows below it`,
      );
    }
    images.set(ds.images.subarray(r * F, (r + 1) * F), i * F);
    labels[i] = ds.labels[r];
  }
  return { ...ds, images, labels, count: rows.length };
}
