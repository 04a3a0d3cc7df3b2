// The shared parts of error messages ("of FILE", "60000×28×28 u8"), so every reader words them alike.
// Runtime-neutral.

/** `" of NAME"` when a file name is known, otherwise nothing. */
export function where(name: string | undefined): string {
  return name === undefined ? "" : ` of ${name}`;
}

/** `60000×28×28 u8`: the shape as people write it. */
export function shape(dims: readonly number[], type: string): string {
  return `${dims.join("×")} ${type}`;
}
