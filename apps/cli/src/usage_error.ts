/** A user error (bad flag, bad file): printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * The message of anything thrown, for quoting inside a one-line error: an `Error`'s message, or the
 * value as text.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
