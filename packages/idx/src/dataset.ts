/**
 * MNIST-family datasets: the four files, and turning parsed IDX arrays into image/label sets.
 *
 * Runtime-neutral: files are read through an injected {@link ReadFile}.
 * @module
 */
import { type IdxArray, parseIdx } from "./parse_idx.ts";

/** One split of an image-classification dataset: `count` images of `rows × cols` u8 pixels. */
export interface Dataset {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** `rows × cols`. */
  readonly features: number;
  /** Number of classes (10 for MNIST; max label + 1 for an unknown dataset). */
  readonly classes: number;
}

/** Train and test splits. */
export interface DatasetSplits {
  readonly train: Dataset;
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
 * Builds a {@link Dataset} from parsed image (u8, rank 3) and label (u8, rank 1) arrays.
 * @throws {RangeError} when counts differ, types are wrong, or a label is not below `classes`.
 */
export function datasetFromIdx(
  images: IdxArray,
  labels: IdxArray,
  names: { images: string; labels: string },
  classes?: number,
): Dataset {
  if (images.type !== "u8" || images.dims.length !== 3) {
    throw new RangeError(
      `Cannot load dataset from ${names.images}: expected u8 images of rank 3, found ${images.type} of rank ${images.dims.length}`,
    );
  }
  if (labels.type !== "u8" || labels.dims.length !== 1) {
    throw new RangeError(
      `Cannot load dataset from ${names.labels}: expected u8 labels of rank 1, found ${labels.type} of rank ${labels.dims.length}`,
    );
  }
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) {
    throw new RangeError(
      `Cannot load dataset: ${names.images} holds ${count} images but ${names.labels} holds ${labels.dims[0]} labels`,
    );
  }
  const data = labels.data as Uint8Array;
  let max = 0;
  for (let i = 0; i < data.length; i++) if (data[i] > max) max = data[i];
  const k = classes ?? max + 1;
  if (max >= k) {
    throw new RangeError(`Cannot load dataset from ${names.labels}: label ${max} is not below ${k} classes`);
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

/**
 * Loads the four MNIST files through `read`.
 * @param read returns a file's bytes given its MNIST name.
 * @returns train (60,000) and test (10,000) splits.
 * @example
 * ```ts ignore
 * import { loadMnist } from "@mnist/idx";
 * import { readFile } from "node:fs/promises";
 * const { train, test } = await loadMnist((name) => readFile(`data/${name}`));
 * ```
 */
export async function loadMnist(read: ReadFile): Promise<DatasetSplits> {
  const f = MNIST_FILES;
  const [ti, tl, si, sl] = await Promise.all([
    read(f.trainImages),
    read(f.trainLabels),
    read(f.testImages),
    read(f.testLabels),
  ]);
  return {
    train: datasetFromIdx(parseIdx(ti, f.trainImages), parseIdx(tl, f.trainLabels), {
      images: f.trainImages,
      labels: f.trainLabels,
    }),
    test: datasetFromIdx(parseIdx(si, f.testImages), parseIdx(sl, f.testLabels), {
      images: f.testImages,
      labels: f.testLabels,
    }),
  };
}

/** The first `n` rows of a dataset (views, no copy). */
export function subset(ds: Dataset, n: number): Dataset {
  const count = Math.min(n, ds.count);
  return {
    ...ds,
    count,
    images: ds.images.subarray(0, count * ds.features),
    labels: ds.labels.subarray(0, count),
  };
}
