/**
 * Reading the files a user names (models, checkpoints, run logs, images) without trusting them: the
 * type and size are checked before anything is opened (`@mnist/idx/fs`'s checked reads: a FIFO,
 * socket or device is refused at once, never read; each kind has a size cap that the message states),
 * and a file reached through a directory the user granted must resolve inside that directory (or to a
 * path granted by name), so a symlink planted in a run or data directory cannot make the CLI read what
 * it was not given.
 * Every failure is a one-line {@link UsageError} naming the file.
 * @module
 */
import { relative, sep } from "node:path";
import { checkFile, readWholeFile } from "@mnist/idx/fs";
import { errorMessage, UsageError } from "./usage_error.ts";

/** Size caps per kind of file (far above what `mnist` writes, far below what would exhaust memory). */
export const FILE_LIMITS = {
  /** A softmax model: 784×10 floats is 31 KB; 256 MiB allows 64 M parameters. */
  model: { maxBytes: 256 * 2 ** 20, kind: "a model (.safetensors)" },
  /** Optimizer state: up to two weight-sized tensors. */
  optimizer: { maxBytes: 512 * 2 ** 20, kind: "an optimizer state (.safetensors)" },
  /** A JSON sidecar (checkpoint.json, model-meta.json). */
  sidecar: { maxBytes: 16 * 2 ** 20, kind: "a JSON sidecar" },
  /** A run log: a 10⁶-record log is about 150 MB. */
  runLog: { maxBytes: 1024 * 2 ** 20, kind: "a run log (run.jsonl)" },
  /** An image for `predict`. */
  image: { maxBytes: 64 * 2 ** 20, kind: "an image (PNG or PGM)" },
} as const;

/** One of {@link FILE_LIMITS}. */
export type FileKind = keyof typeof FILE_LIMITS;

/** What an operating-system error code means, in a user's words. */
const OS_ERRORS: Record<string, string> = {
  ENOENT: "not found",
  ENOTDIR: "a path through something that is not a directory",
  EISDIR: "a directory",
  ELOOP: "a loop of symbolic links",
  EACCES: "not readable (permission denied)",
  EPERM: "not readable (permission denied)",
  EEXIST: "already there",
  ENAMETOOLONG: "a name too long",
};

/**
 * What went wrong with a path, in words: `not found`, `a directory`, `a loop of symbolic links`, or
 * the error's own first line.
 */
export function describeFsError(error: unknown): string {
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied)
    return "not granted (no permission)";
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && code in OS_ERRORS) return OS_ERRORS[code];
  if (error instanceof Deno.errors.NotFound) return "not found";
  if (error instanceof Deno.errors.IsADirectory) return "a directory";
  if (error instanceof Deno.errors.FilesystemLoop) return "a loop of symbolic links";
  if (error instanceof Deno.errors.AlreadyExists) return "already there";
  if (error instanceof Deno.errors.NotADirectory) return "a path through something that is not a directory";
  return errorMessage(error).split("\n")[0];
}

/**
 * Throws unless `path` resolves (through every symlink) to `root` itself or a path inside it.
 * @param root the directory the user granted, e.g. `--data-dir DIR` or a run directory.
 * @param path a path below `root`.
 * @param what how the message names the grant, e.g. `--data-dir /data`.
 * @throws {UsageError} naming the path and where it leads.
 */
export async function checkInside(root: string, path: string, what: string): Promise<void> {
  let real: string;
  try {
    real = await Deno.realPath(path);
  } catch {
    return; // a missing file: the read that follows names it
  }
  // The root may be ungranted itself (a sidecar granted by name beside a model file).
  const realRoot = await Deno.realPath(root).catch(() => undefined);
  if (realRoot !== undefined) {
    const rel = relative(realRoot, real);
    if (rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep))) return;
  }
  // Deno checks a grant against the path as written, never where its links lead; a target this process
  // was granted by name (a test with --allow-read, the compiled binary) is no escape.
  if ((await Deno.permissions.query({ name: "read", path: real })).state === "granted") return;
  throw new UsageError(
    `Cannot read ${path}: it is a symbolic link to ${real}, outside ${what} and not granted; expected a file inside it`,
  );
}

/** Options of {@link readChecked}. */
export interface CheckedReadOptions {
  /** The directory the file was found in through the user's grant; the file must resolve inside it. */
  readonly root?: string;
  /** How messages name `root`, e.g. `--model runs/x`. */
  readonly rootName?: string;
  /** What to say the file should be when it is missing (default the kind's description). */
  readonly expected?: string;
}

/**
 * Reads a whole file of a given kind after checking its type, its size against the kind's cap and, with
 * `root`, that it resolves inside that directory.
 * @returns its bytes.
 * @throws {UsageError} `Cannot read <path>: it is a FIFO, expected a regular file (a model …)`,
 *   `…: file is N bytes, expected at most M for a model …`, `…: not found, expected …` and the like.
 */
export async function readChecked(
  path: string,
  kind: FileKind,
  options: CheckedReadOptions = {},
): Promise<Uint8Array> {
  const limit = FILE_LIMITS[kind];
  if (options.root !== undefined) await checkInside(options.root, path, options.rootName ?? options.root);
  try {
    return await readWholeFile(path, limit);
  } catch (error) {
    throw asReadError(error, path, options.expected ?? limit.kind);
  }
}

/** Like {@link readChecked}, as UTF-8 text. */
export async function readCheckedText(
  path: string,
  kind: FileKind,
  options: CheckedReadOptions = {},
): Promise<string> {
  return new TextDecoder().decode(await readChecked(path, kind, options));
}

/**
 * Checks a file of a given kind before it is streamed (type, size cap, containment) and opens it.
 * @returns the open file.
 * @throws {UsageError} as {@link readChecked}.
 */
export async function openChecked(
  path: string,
  kind: FileKind,
  options: CheckedReadOptions = {},
): Promise<Deno.FsFile> {
  const limit = FILE_LIMITS[kind];
  if (options.root !== undefined) await checkInside(options.root, path, options.rootName ?? options.root);
  try {
    await checkFile(path, limit);
    return await Deno.open(path);
  } catch (error) {
    throw asReadError(error, path, options.expected ?? limit.kind);
  }
}

function asReadError(error: unknown, path: string, expected: string): UsageError {
  if (error instanceof UsageError) return error;
  // checkFile's and readWholeFile's own RangeErrors already read "Cannot read <path>: …, expected …".
  if (error instanceof RangeError && error.message.startsWith("Cannot read "))
    return new UsageError(error.message);
  const what = describeFsError(error);
  return new UsageError(
    `Cannot read ${path}: ${what === "not found" ? "file not found" : what}, expected ${expected}`,
  );
}
