/**
 * Class names: the rules every list of names obeys (a `classes.txt`, the CLI's `--class-names`, the
 * `classNames` option), and reading a `classes.txt`. Names end up in run logs, model metadata and
 * terminal output, so each is short, printable and distinct, and a file of them is small.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

/** The class-names file an unknown dataset may carry beside its IDX files. */
export const CLASS_NAMES_FILE = "classes.txt";

/** The most classes a dataset may have (labels are u8). */
export const MAX_CLASS_NAMES = 256;

/** The longest class name, in characters (Unicode code points) after trimming. */
export const MAX_CLASS_NAME_CHARS = 64;

/** The largest `classes.txt`, in bytes: 64 KiB, ample for 256 names of 64 characters. */
export const MAX_CLASS_NAMES_BYTES = 64 * 1024;

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/** Where a list of names came from, for messages. */
export interface ClassNamesOrigin {
  /** What could not be done, after "Cannot": e.g. `read data/classes.txt`, `use --class-names`. */
  readonly action: string;
  /** What one entry is called: "line" for a file, "name" for a list. */
  readonly item: string;
}

/**
 * Checks a list of class names (already trimmed), in label order: 1 to {@link MAX_CLASS_NAMES}
 * names, each 1 to {@link MAX_CLASS_NAME_CHARS} characters with no control characters, no two the
 * same.
 * @param names the names.
 * @param origin where they came from, for the message.
 * @throws {RangeError} one line naming the first bad entry by its 1-based position, e.g. `Cannot use
 * --class-names: name 2 is 70 characters long, expected at most 64 characters per class name`.
 * @example
 * ```ts
 * import { checkClassNames } from "@mnist/idx";
 * checkClassNames(["cat", "dog"], { action: "use --class-names", item: "name" }); // fine
 * try {
 *   checkClassNames(["cat", "cat"], { action: "use --class-names", item: "name" });
 * } catch (e) {
 *   console.log((e as Error).message); // Cannot use --class-names: "cat" appears twice (names 1 and 2), …
 * }
 * ```
 */
export function checkClassNames(
  names: readonly string[],
  origin: ClassNamesOrigin = { action: "use classNames", item: "name" },
): void {
  const fail = (found: string, expected: string): never => {
    throw new RangeError(`Cannot ${origin.action}: ${found}, expected ${expected}`);
  };
  if (names.length === 0) fail("no class names", "at least one");
  if (names.length > MAX_CLASS_NAMES) {
    fail(`${names.length} class names`, `at most ${MAX_CLASS_NAMES} (one per class)`);
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const at = `${origin.item} ${i + 1}`;
    if (typeof name !== "string" || name === "") fail(`${at} is empty`, "a name for every class");
    const chars = [...name].length;
    if (chars > MAX_CLASS_NAME_CHARS) {
      fail(`${at} is ${chars} characters long`, `at most ${MAX_CLASS_NAME_CHARS} characters per class name`);
    }
    const control = CONTROL.exec(name);
    if (control !== null) {
      const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      fail(`${at} contains the control character U+${code}`, "printable class names");
    }
    const first = seen.get(name);
    if (first !== undefined) {
      fail(`"${name}" appears twice (${origin.item}s ${first + 1} and ${i + 1})`, "distinct class names");
    }
    seen.set(name, i);
  });
}

/**
 * Reads a `classes.txt`: UTF-8, at most {@link MAX_CLASS_NAMES_BYTES} bytes, one class name per line,
 * in label order; a final newline and `\r\n` line ends are fine, blank lines are not. Each name is
 * trimmed and must pass {@link checkClassNames}.
 * @param bytes the file.
 * @param name the file, for messages.
 * @returns the names.
 * @throws {RangeError} on a file over the size limit, an empty file, a blank line, or a name that
 * breaks a rule of {@link checkClassNames}.
 * @example
 * ```ts
 * import { parseClassNames } from "@mnist/idx";
 * console.log(parseClassNames(new TextEncoder().encode("cat\ndog\n"))); // ["cat", "dog"]
 * ```
 */
export function parseClassNames(bytes: Uint8Array, name: string = CLASS_NAMES_FILE): string[] {
  if (bytes.length > MAX_CLASS_NAMES_BYTES) {
    throw new RangeError(
      `Cannot read ${name}: file is ${bytes.length} bytes, expected at most ${MAX_CLASS_NAMES_BYTES} (one class name of at most ${MAX_CLASS_NAME_CHARS} characters per line)`,
    );
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  if (lines.length === 0)
    throw new RangeError(`Cannot read ${name}: file is empty, expected one class name per line`);
  if (lines.length > MAX_CLASS_NAMES) {
    throw new RangeError(
      `Cannot read ${name}: ${lines.length} lines, expected at most ${MAX_CLASS_NAMES} class names`,
    );
  }
  lines.forEach((line, i) => {
    if (line.trim() === "") {
      throw new RangeError(`Cannot read ${name}: line ${i + 1} is blank, expected one class name per line`);
    }
  });
  const names = lines.map((l) => l.trim());
  checkClassNames(names, { action: `read ${name}`, item: "line" });
  return names;
}
