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

/** The longest error line printed; longer messages (a hostile file's excerpt) are cut. */
export const MAX_ERROR_CHARS = 1000;

/**
 * A message as one printable line: control characters (ANSI escapes in a file name, newlines in a
 * runtime's message) escaped as `\u001b`, `\n`…, and cut to {@link MAX_ERROR_CHARS} characters.
 */
export function oneLine(message: string): string {
  const escaped = message.replace(/[\p{Cc}\u2028\u2029]/gu, (c) =>
    c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return escaped.length <= MAX_ERROR_CHARS
    ? escaped
    : `${escaped.slice(0, MAX_ERROR_CHARS)}… (cut; ${escaped.length} characters in all)`;
}
