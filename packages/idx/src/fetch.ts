/**
 * `@mnist/idx/fetch`: mirrors reached with `fetch` (browser, Deno, Node).
 *
 * @example
 * ```ts
 * import { encodeIdx, parseIdx } from "@mnist/idx";
 * import { fetchMirror } from "@mnist/idx/fetch";
 * const labels = encodeIdx({ type: "u8", dims: [3], data: new Uint8Array([7, 2, 1]) });
 * // A stand-in for the network; by default `globalThis.fetch` is used.
 * const mirror = fetchMirror("https://example.org/mnist/", { fetch: async () => new Response(labels) });
 * console.log(parseIdx(await mirror.read("t10k-labels-idx1-ubyte")).data); // Uint8Array(3) [ 7, 2, 1 ]
 * ```
 *
 * Runtime-neutral apart from the network, which it reaches only through the `fetch` it is given.
 * @module
 */

import type { LoadedDataset } from "./load_dataset.ts";
import { type LoadFromMirrorsOptions, loadFromMirrors, type Mirror } from "./mirrors.ts";

/** Options of {@link fetchMirror}. */
export interface FetchMirrorOptions {
  /** The fetch to use; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Cancels requests. */
  signal?: AbortSignal;
}

/**
 * A mirror at a base URL: file `name` is fetched from `new URL(name, base)`.
 * @param base the base URL (ending with `/`).
 * @param options the fetch function and an abort signal.
 * @returns a {@link Mirror} whose `read` throws on any status other than 200.
 * @example
 * ```ts ignore
 * import { loadFromMirrors } from "@mnist/idx";
 * import { fetchMirror } from "@mnist/idx/fetch";
 * const ds = await loadFromMirrors([fetchMirror("https://example.org/mnist/")]);
 * ```
 */
export function fetchMirror(base: string | URL, options: FetchMirrorOptions = {}): Mirror {
  const doFetch = options.fetch ?? globalThis.fetch;
  return {
    location: String(base),
    read: async (name) => {
      const url = new URL(name, base);
      const response = await doFetch(url, { signal: options.signal });
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new Error(`Cannot download ${url}: HTTP ${response.status}, expected 200`);
      }
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/**
 * Loads a known dataset (default MNIST) from base URLs tried in order, verified and optionally cached.
 * @param urls the mirrors' base URLs.
 * @param options dataset, cache, remote naming, abort signal and fetch function.
 * @returns the verified dataset.
 */
export async function loadFromUrls(
  urls: readonly (string | URL)[],
  options: LoadFromMirrorsOptions & FetchMirrorOptions = {},
): Promise<LoadedDataset> {
  const mirrors = urls.map((u) => fetchMirror(u, options));
  return await loadFromMirrors(mirrors, options);
}
