// Reading whole files with their type and size checked first (node:fs; Node and Deno).
//
// `stat` follows symlinks and never blocks, so a FIFO, socket or device (or a link to one) is refused
// before anything opens it: opening a FIFO for reading waits for a writer forever. The open itself is
// non-blocking and the handle is checked again, in case the path changed in between.
import { constants } from "node:fs";
import { open, stat } from "node:fs/promises";

/** What a path is, in words, for messages. */
function kindOf(s: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSymbolicLink(): boolean;
}): string {
  if (s.isDirectory()) return "a directory";
  if (s.isFIFO()) return "a FIFO";
  if (s.isSocket()) return "a socket";
  if (s.isCharacterDevice()) return "a character device";
  if (s.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/** The largest file {@link readWholeFile} reads by default: one byte under 2 GiB. */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/** Options of {@link readWholeFile} and {@link checkFile}. */
export interface ReadFileOptions {
  /** Refuse larger files; default {@link MAX_FILE_BYTES} (for `readWholeFile`, never more than that). */
  maxBytes?: number;
  /** What the file should be, for messages: e.g. "an IDX file" (the default "a file"). */
  kind?: string;
}

/**
 * Checks, without opening it, that `path` is a regular file (after symlinks) within the size cap.
 * @param path the file.
 * @param options the size cap and the kind of file for messages.
 * @returns its size in bytes.
 * @throws {RangeError} `Cannot read <path>: it is a FIFO, expected a regular file` and the like, or
 * `Cannot read <path>: file is N bytes, expected at most M for an IDX file`.
 */
export async function checkFile(path: string, options: ReadFileOptions = {}): Promise<number> {
  const s = await stat(path);
  return checkStat(path, s, options);
}

function checkStat(
  path: string,
  s: Parameters<typeof kindOf>[0] & { isFile(): boolean; size: number },
  options: ReadFileOptions,
): number {
  const kind = options.kind ?? "a file";
  if (!s.isFile()) {
    throw new RangeError(`Cannot read ${path}: it is ${kindOf(s)}, expected a regular file (${kind})`);
  }
  const max = options.maxBytes ?? MAX_FILE_BYTES;
  if (s.size > max) {
    throw new RangeError(`Cannot read ${path}: file is ${s.size} bytes, expected at most ${max} for ${kind}`);
  }
  return s.size;
}

/**
 * Reads a whole file into one preallocated plain Uint8Array (never a Buffer, whose slice() shares
 * memory), after {@link checkFile}. Sizing the buffer from `stat` first is about twice as fast as
 * `readFile` in Deno.
 * @param path the file.
 * @param readOptions the size cap (default and at most {@link MAX_FILE_BYTES}) and the kind for messages.
 * @returns its bytes.
 * @throws {RangeError} for anything but a regular file, or a file over the cap, before reading it.
 */
export async function readWholeFile(path: string, readOptions: ReadFileOptions = {}): Promise<Uint8Array> {
  // One Uint8Array and one read call stay well-defined below 2 GiB; larger files are refused by name.
  const options = {
    ...readOptions,
    maxBytes: Math.min(readOptions.maxBytes ?? MAX_FILE_BYTES, MAX_FILE_BYTES),
  };
  await checkFile(path, options);
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const size = checkStat(path, await handle.stat(), options);
    const out = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(out, filled, size - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    // A file that shrank since stat is returned as read; the parser then reports its length.
    return filled === size ? out : out.slice(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * Opens a file for streaming after checking that it is a regular file (no size cap: streams are for
 * files too large to hold).
 * @param path the file.
 * @returns the open handle.
 */
export async function openRegularFile(path: string): Promise<Awaited<ReturnType<typeof open>>> {
  await checkFile(path, { maxBytes: Number.POSITIVE_INFINITY });
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const s = await handle.stat();
  if (!s.isFile()) {
    await handle.close();
    throw new RangeError(`Cannot read ${path}: it is ${kindOf(s)}, expected a regular file`);
  }
  return handle;
}
