/**
 * Loading MNIST in the browser: the gzipped IDX assets shipped with the build (by URL), or IDX files the
 * user chose (raw or `.gz`). Built on `@mnist/idx` (validation, gzip, SHA-256 recognition).
 * @module
 */
import {
  DATASET_ROLES,
  type Dataset,
  type DatasetIdentity,
  datasetFromIdx,
  inflateIdx,
  isGzip,
  type LoadedDataset,
  loadMnist,
  MNIST,
  MNIST_FILES,
  parseIdx,
} from "@mnist/idx";
import { fetchMirror } from "@mnist/idx/fetch";
import { loadFromFiles } from "@mnist/idx/file";

/** Where the four files come from: the bundled assets under a base URL, or `File`s the user chose. */
export type DataSource =
  | { readonly kind: "bundled"; readonly base: string }
  | { readonly kind: "files"; readonly files: readonly File[] };

/** The gzipped MNIST assets beside the page (`data/<name>.gz`). */
export function bundledDataSource(pageUrl: string): DataSource {
  return { kind: "bundled", base: new URL("data/", pageUrl).href };
}

/** Reads `<name>.gz` from the bundled assets (the loader recognises and inflates gzip). */
function bundledReader(base: string): (name: string) => Promise<Uint8Array> {
  const mirror = fetchMirror(base);
  return (name) => mirror.read(`${name}.gz`);
}

/** Loads, inflates and validates train and test splits (the bundled files must be MNIST, by SHA-256). */
export function loadSplits(source: DataSource): Promise<LoadedDataset> {
  if (source.kind === "files") return loadFromFiles(source.files);
  return loadMnist(bundledReader(source.base));
}

/** Loads only the test split of the bundled data (for evaluation and sample digits). */
export async function loadTestSet(source: DataSource): Promise<Dataset> {
  if (source.kind === "files") return (await loadSplits(source)).test;
  const fetchGz = bundledReader(source.base);
  const read = async (name: string) => {
    const bytes = await fetchGz(name);
    return isGzip(bytes) ? await inflateIdx(bytes, name) : bytes;
  };
  const names = { images: MNIST_FILES.testImages, labels: MNIST_FILES.testLabels };
  const [images, labels] = await Promise.all([read(names.images), read(names.labels)]);
  return datasetFromIdx(parseIdx(images, names.images), parseIdx(labels, names.labels), names, MNIST.classes);
}

/** The identity of the bundled MNIST (the build ships exactly these files, checked by SHA-256 on load). */
export function bundledIdentity(): DatasetIdentity {
  const files = Object.fromEntries(
    DATASET_ROLES.map((r) => [r, { name: `${MNIST.files[r].name}.gz`, sha256: MNIST.files[r].sha256 }]),
  ) as DatasetIdentity["files"];
  return {
    name: MNIST.id,
    dir: "data/ (bundled)",
    files,
    imageShape: [28, 28],
    classCount: MNIST.classes,
    classNames: [...MNIST.classNames],
  };
}
