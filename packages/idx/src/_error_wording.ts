// The shared parts of error messages ("of FILE", "60000×28×28 u8"), so every reader words them alike.
// Runtime-neutral.

/** `" of NAME"` when a file name is known, otherwise nothing. */
export function where(name: string | undefined): string {
  return name === undefined ? "" : ` of ${name}`;
}

/**
 * Labels that do not number a split's images one for one, as the dataset loaders word it (from the
 * headers before anything is inflated, and again from the parsed files).
 */
export function labelCountMismatch(
  files: { readonly images: string; readonly labels: string },
  images: number,
  labels: number,
): RangeError {
  return new RangeError(
    `Cannot load dataset from ${files.labels}: found ${labels} labels, expected ${images} to match the images of ${files.images}`,
  );
}

/** `60000×28×28 u8`: the shape as people write it. */
export function shape(dims: readonly number[], type: string): string {
  return `${dims.join("×")} ${type}`;
}
