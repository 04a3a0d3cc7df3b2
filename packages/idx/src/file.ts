/**
 * `@mnist/idx/file`: browser `File` objects (a file input or a drop) as a dataset source.
 *
 * @example
 * ```ts
 * import { encodeIdx, parseIdx } from "@mnist/idx";
 * import { fileSource } from "@mnist/idx/file";
 * // In a page these come from `<input type="file" multiple>` or a drop.
 * const file = new File([encodeIdx({ type: "u8", dims: [2], data: new Uint8Array([4, 2]) })], "labels-idx1-ubyte");
 * const source = fileSource([file]);
 * console.log(await source.list?.(), parseIdx(await source.read("labels-idx1-ubyte")).dims); // [ "labels-idx1-ubyte" ] [ 2 ]
 * ```
 *
 * Runtime-neutral: `File` exists in browsers, Deno and Node 20.
 * @module
 */
import {
  type DatasetSource,
  type LoadDatasetOptions,
  type LoadedDataset,
  loadDataset,
} from "./load_dataset.ts";

/**
 * Chosen files as a {@link DatasetSource}, looked up by `file.name`.
 * @param files e.g. `input.files` or `event.dataTransfer.files`.
 * @returns the source.
 */
export function fileSource(files: Iterable<File> | ArrayLike<File>): DatasetSource {
  const byName = new Map(Array.from(files as ArrayLike<File>, (f) => [f.name, f] as const));
  return {
    location: "the chosen files",
    list: async () => [...byName.keys()],
    read: async (name) => {
      const file = byName.get(name);
      if (!file) throw new Error(`Cannot read ${name}: not among the chosen files, expected one named so`);
      return new Uint8Array(await file.arrayBuffer());
    },
  };
}

/**
 * Loads a dataset from the four files a user chose (raw or `.gz`).
 * @param files the chosen files.
 * @param options file names, prefix, or a known dataset to require.
 * @returns the loaded dataset.
 * @example
 * ```ts ignore
 * import { loadFromFiles } from "@mnist/idx/file";
 * input.onchange = async () => console.log((await loadFromFiles(input.files!)).train.count);
 * ```
 */
export async function loadFromFiles(
  files: Iterable<File> | ArrayLike<File>,
  options: LoadDatasetOptions = {},
): Promise<LoadedDataset> {
  return await loadDataset(fileSource(files), options);
}
