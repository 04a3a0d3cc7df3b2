/**
 * Image/label datasets built from parsed IDX arrays.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { labelCountMismatch } from "./_error_wording.ts";
import type { IdxArray } from "./idx_types.ts";

/** One split of an image-classification dataset: `count` images of `rows × cols` u8 pixels. */
export interface Dataset {
  /** Pixels, `count × rows × cols` bytes, row-major, image after image. */
  readonly images: Uint8Array;
  /** One class label per image. */
  readonly labels: Uint8Array;
  /** Number of images. */
  readonly count: number;
  /** Image height in pixels. */
  readonly rows: number;
  /** Image width in pixels. */
  readonly cols: number;
  /** `rows × cols`. */
  readonly features: number;
  /** Number of classes: a known dataset's own, the `classes` option, the class names' count, or max label + 1. */
  readonly classes: number;
}

/** Train and test splits. */
export interface DatasetSplits {
  /** The training split. */
  readonly train: Dataset;
  /** The test split. */
  readonly test: Dataset;
}

/** Reads a file by name (relative to a dataset root) and returns its bytes. */
export type ReadFile = (name: string) => Promise<Uint8Array>;

/** The original MNIST file names. */
export const MNIST_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/**
 * The largest label, by a plain loop over the typed array.
 * @param labels u8 labels.
 * @returns the maximum, or -1 for no labels.
 */
export function maxLabel(labels: Uint8Array): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  return max;
}

/**
 * Builds a {@link Dataset} from parsed image (u8, rank 3) and label (u8, rank 1) arrays.
 * @param images the images file, parsed.
 * @param labels the labels file, parsed.
 * @param names the two file names, for error messages.
 * @param classes the declared class count; by default the largest label + 1.
 * @param classesFrom where `classes` came from, said when a label is not below it.
 * @returns the split, sharing memory with the inputs.
 * @throws {RangeError} when types or ranks are wrong, an image has no rows or columns, counts differ,
 * or a label is not below `classes`.
 * @example
 * ```ts
 * import { datasetFromIdx, parseIdx } from "@mnist/idx";
 * const images = parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9]));
 * const labels = parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 4]));
 * console.log(datasetFromIdx(images, labels, { images: "i", labels: "l" }).classes); // 5
 * ```
 */
export function datasetFromIdx(
  images: IdxArray,
  labels: IdxArray,
  names: { images: string; labels: string },
  classes?: number,
  classesFrom?: string,
): Dataset {
  if (images.type !== "u8" || images.dims.length !== 3) {
    throw new RangeError(
      `Cannot load dataset from ${names.images}: found ${images.type} of rank ${images.dims.length}, expected u8 images of rank 3`,
    );
  }
  if (labels.type !== "u8" || labels.dims.length !== 1) {
    throw new RangeError(
      `Cannot load dataset from ${names.labels}: found ${labels.type} of rank ${labels.dims.length}, expected u8 labels of rank 1`,
    );
  }
  const [count, rows, cols] = images.dims;
  if (rows < 1 || cols < 1) {
    throw new RangeError(
      `Cannot load dataset from ${names.images}: images are ${rows}×${cols} pixels, expected at least 1×1`,
    );
  }
  if (labels.dims[0] !== count) throw labelCountMismatch(names, count, labels.dims[0]);
  const data = labels.data as Uint8Array;
  const max = maxLabel(data);
  const k = classes ?? max + 1;
  if (max >= k) {
    // The first offending row, which is what someone fixing the file needs.
    let at = 0;
    while (data[at] < k) at++;
    const bad = data[at];
    throw new RangeError(
      `Cannot load dataset from ${names.labels}: label ${bad} in row ${at}, expected labels below ${k}${classesFrom === undefined ? " classes" : ` (${classesFrom})`}`,
    );
  }
  return {
    images: images.data as Uint8Array,
    labels: data,
    count,
    rows,
    cols,
    features: rows * cols,
    classes: k,
  };
}

/** A split's size and image shape, all {@link checkSplits} looks at. */
export type SplitShape = Pick<Dataset, "count" | "rows" | "cols">;

/**
 * Checks that train and test splits can be used together: neither is empty, and their images have the
 * same shape (the same pixel count is not enough: a model's weights are laid out by rows and columns).
 * @param train the training split.
 * @param test the test split.
 * @param files the two image files, named in messages.
 * @throws {RangeError} one line naming the file, e.g. `Cannot load dataset from t10k-images-idx3-ubyte:
 * its images are 4×16, expected 8×8 like the training images of train-images-idx3-ubyte`.
 * @example
 * ```ts
 * import { checkSplits } from "@mnist/idx";
 * const files = { trainImages: "train-images", testImages: "test-images" };
 * checkSplits({ count: 2, rows: 8, cols: 8 }, { count: 1, rows: 8, cols: 8 }, files); // fine
 * ```
 */
export function checkSplits(
  train: SplitShape,
  test: SplitShape,
  files: { readonly trainImages: string; readonly testImages: string },
): void {
  for (const [split, file, name] of [
    [train, files.trainImages, "training"],
    [test, files.testImages, "test"],
  ] as const) {
    if (split.count === 0) {
      throw new RangeError(
        `Cannot load dataset from ${file}: it holds no images, expected at least one ${name} image`,
      );
    }
  }
  if (test.rows !== train.rows || test.cols !== train.cols) {
    throw new RangeError(
      `Cannot load dataset from ${files.testImages}: its images are ${test.rows}×${test.cols}, expected ${train.rows}×${train.cols} like the training images of ${files.trainImages}`,
    );
  }
}

/**
 * The first `n` rows of a dataset (views, no copy).
 * @param ds the dataset.
 * @param n how many rows to keep.
 * @returns a dataset of `min(n, ds.count)` rows.
 */
export function subset(ds: Dataset, n: number): Dataset {
  const count = Math.min(n, ds.count);
  return {
    ...ds,
    count,
    images: ds.images.subarray(0, count * ds.features),
    labels: ds.labels.subarray(0, count),
  };
}
