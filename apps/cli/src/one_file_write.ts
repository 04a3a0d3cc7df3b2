/**
 * Writing one named file (`--out page.html`, `--explain why.png`) so that the launcher can grant
 * exactly two paths: the file and one fixed temporary name beside it, which the bytes go through
 * before a rename puts them in place. A random temp name would need the whole directory granted.
 * @module
 */
import { basename, dirname, join } from "node:path";
import { describeFsError } from "./checked_fs.ts";
import { UsageError } from "./usage_error.ts";

/** The one temporary file beside `path` that its bytes go through: `.NAME.tmp`. */
export function oneFileTemp(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp`);
}

/** The paths writing `path` touches; a rename needs read as well as write on both. */
export function oneFileGrants(path: string): string[] {
  return [path, oneFileTemp(path)];
}

/**
 * Writes `bytes` to `path` through {@link oneFileTemp}; on failure the temp file is removed.
 * @param flag the flag that named the file, for the error (e.g. `--out`).
 * @param expected what the error says was expected.
 * @throws {UsageError} "Cannot write FLAG PATH: …" when it cannot be written.
 */
export async function writeOneFile(
  path: string,
  bytes: Uint8Array | string,
  flag: string,
  expected = "a writable file in an existing directory",
): Promise<void> {
  const temp = oneFileTemp(path);
  try {
    if (typeof bytes === "string") await Deno.writeTextFile(temp, bytes);
    else await Deno.writeFile(temp, bytes);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw new UsageError(`Cannot write ${flag} ${path}: ${describeFsError(error)}, expected ${expected}`);
  }
}
