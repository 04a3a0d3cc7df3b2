/**
 * What a kernel file gives the backend: its WGSL, a cache key, and the access mode of every storage
 * binding after binding 0 (binding 0 is always the per-dispatch parameter block, a uniform buffer bound
 * with a dynamic offset).
 *
 * Runtime-neutral: only data.
 * @module
 */

/** Access of a storage binding: `read` (read-only storage) or `write` (read-write storage). */
export type Access = "read" | "write";

/** A generated compute kernel, entry point `main`. */
export interface Kernel {
  /** Unique per generated source; pipelines are cached under it. */
  readonly key: string;
  readonly code: string;
  /** Storage bindings 1…n, in order. */
  readonly storage: readonly Access[];
}

/** Size in bytes of one parameter block (a uniform dynamic-offset slot); every `Params` struct fits. */
export const PARAM_BLOCK_BYTES = 64;
