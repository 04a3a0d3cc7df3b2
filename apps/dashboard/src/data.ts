/**
 * Loading MNIST in the browser: the gzipped IDX assets shipped with the build (by URL), or IDX files the
 * user chose (raw or `.gz`). Built on `@mnist/idx` (validation, gzip, SHA-256 recognition).
 * @module
 */
import {
  type Dataset,
  datasetFromIdx,
  gunzip,
  isGzip,
  type LoadedDataset,
  loadDataset,
  MNIST_FILES,
  parseIdx,
} from "@mnist/idx";
import { loadFromFiles } from "@mnist/idx/file";

/** Where the four files come from: the bundled assets under a base URL, or `File`s the user chose. */
export type DataSource =
  | { readonly kind: "bundled"; readonly base: string }
  | { readonly kind: "files"; readonly files: readonly File[] };

/** The gzipped MNIST assets beside the page (`data/<name>.gz`). */
export function bundledDataSource(pageUrl: string): DataSource {
  return { kind: "bundled", base: new URL("data/", pageUrl).href };
}

async function fetchBundled(base: string, name: string): Promise<Uint8Array> {
  const url = new URL(`${name}.gz`, base);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Cannot load ${url.href}: HTTP ${response.status}, expected 200`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Loads, inflates and validates train and test splits (and hashes the files). */
export function loadSplits(source: DataSource): Promise<LoadedDataset> {
  if (source.kind === "files") return loadFromFiles(source.files);
  return loadDataset(
    { read: (name) => fetchBundled(source.base, name), location: source.base },
    { files: MNIST_FILES },
  );
}

/** Loads only the test split of the bundled data (for evaluation and sample digits). */
export async function loadTestSet(source: DataSource): Promise<Dataset> {
  if (source.kind === "files") return (await loadSplits(source)).test;
  const read = async (name: string) => {
    const bytes = await fetchBundled(source.base, name);
    return isGzip(bytes) ? await gunzip(bytes, { name }) : bytes;
  };
  const names = { images: MNIST_FILES.testImages, labels: MNIST_FILES.testLabels };
  const [images, labels] = await Promise.all([read(names.images), read(names.labels)]);
  return datasetFromIdx(parseIdx(images, names.images), parseIdx(labels, names.labels), names, 10);
}
