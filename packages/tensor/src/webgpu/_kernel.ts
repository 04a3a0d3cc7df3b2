/**
 * What a kernel file gives the backend: its WGSL, a cache key, the access mode of every storage
 * binding after binding 0 (binding 0 is always the per-dispatch parameter block, a uniform buffer bound
 * with a dynamic offset), and its parameter struct, whose one definition yields both the WGSL
 * declaration and the host code that fills a block.
 *
 * Runtime-neutral: only data.
 * @module
 */

/**
 * Access of a buffer binding: `read` (read-only storage), `write` (read-write storage) or `uniform`
 * (a uniform buffer, bound whole: what the CPU emulations load fastest, see `_row_tile.ts`).
 */
export type Access = "read" | "write" | "uniform";

/** A generated compute kernel, entry point `main`. */
export interface Kernel {
  /** Unique per generated source; pipelines are cached under it. */
  readonly key: string;
  readonly code: string;
  /** Storage bindings 1…n, in order. */
  readonly storage: readonly Access[];
  /** Bytes of its parameter block when larger than {@link PARAM_BLOCK_BYTES} (a group's per-model values). */
  readonly paramBytes?: number;
}

/** Size in bytes of one parameter block (a uniform dynamic-offset slot); every `Params` struct fits. */
export const PARAM_BLOCK_BYTES = 64;

/** Type of a parameter struct's field: every field is one 32-bit word. */
export type Scalar = "u32" | "f32";

/** A parameter block being filled: the arena's host views and the block's first word in them. */
export interface ParamBlock {
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  readonly word: number;
}

/** A kernel's `Params` struct: its WGSL declaration and the writer of its fields, by name. */
export interface ParamStruct<Field extends string> {
  /** `struct Params { name: type, … }` */
  readonly wgsl: string;
  /** Writes each field's value into its word of `block` (rounded to float32 or wrapped to u32). */
  write(block: ParamBlock, values: Readonly<Record<Field, number>>): void;
}

/**
 * Declares a kernel's parameter struct, fields in WGSL order.
 * @param fields field names and their scalar types.
 * @returns the struct's WGSL and writer.
 * @throws {RangeError} when the fields do not fit in {@link PARAM_BLOCK_BYTES}.
 */
export function paramStruct<const Fields extends Record<string, Scalar>>(
  fields: Fields,
): ParamStruct<keyof Fields & string> {
  const names = Object.keys(fields) as Array<keyof Fields & string>;
  if (names.length * 4 > PARAM_BLOCK_BYTES) {
    throw new RangeError(
      `Cannot declare kernel parameters: ${names.length} fields, expected at most ${PARAM_BLOCK_BYTES / 4}`,
    );
  }
  const floats = names.map((n) => fields[n] === "f32");
  return {
    wgsl: `struct Params { ${names.map((n) => `${n}: ${fields[n]}`).join(", ")} }`,
    write(block, values) {
      for (let i = 0; i < names.length; i++) {
        if (floats[i]) block.f32[block.word + i] = values[names[i]];
        else block.u32[block.word + i] = values[names[i]];
      }
    },
  };
}
