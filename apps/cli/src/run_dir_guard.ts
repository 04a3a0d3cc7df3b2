/**
 * What must hold before `mnist train` may write into a run directory, checked before any data is
 * loaded: the directory is new, empty or an earlier run (recognised by its run log; replaced only with
 * `--force`, or continued with `--resume`); it is not `/`, the home directory or the data directory;
 * nothing in it is a symbolic link or a special file (a link could make the run delete or write
 * outside the directory it was granted); and no other `train` (or `sweep`) is writing it. The last is a
 * lock file holding the writer's PID (and ` sweep` after it when a sweep holds it) under an advisory
 * lock (`flock`), which the kernel drops when the process dies however it dies, so a stale lock never
 * blocks a later run. A run directory inside a sweep directory whose sweep is running (its lock held
 * by a live "mnist sweep") belongs to that sweep: only the sweep itself may claim it.
 * @module
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { describeFsError, openChecked, readCheckedText } from "./checked_fs.ts";
import { UsageError } from "./usage_error.ts";

/** The lock file's name inside a run directory. */
export const LOCK_FILE = ".mnist-train.lock";

/** Tries at taking the lock, and the pause between them. */
const LOCK_ATTEMPTS = 5;
const LOCK_RETRY_MS = 20;

/** The log whose first record (`run-start`) marks a directory as a run. */
const RUN_LOG = "run.jsonl";

/** The manifest that marks a directory as a sweep. */
export const SWEEP_MANIFEST = "sweep.json";

/** A temporary file of an interrupted atomic write (`@mnist/idx/fs` writeFileAtomic). */
const TEMP_FILE = /^\..+\.[0-9a-f-]{36}\.tmp$/;

/** The most entries walked when checking an earlier run for links (a run holds a few dozen). */
const MAX_ENTRIES = 100_000;

/** What {@link claimRunDir} needs to know. */
export interface ClaimOptions {
  /** The flag that named the directory, for messages: `--out` or `--resume`. */
  readonly flag: string;
  /** Whether an earlier run there may be replaced (`--force`) or continued (`--resume` of it). */
  readonly reuse: boolean;
  /** The data directory of the run (never a run directory). */
  readonly dataDir: string;
  /** `"sweep"`: the directory holds a sweep (recognised by its `sweep.json`), not one run. */
  readonly kind?: "run" | "sweep";
  /**
   * Set by a sweep claiming one of its own configurations: it holds the parent directory's lock
   * itself. Any other run is refused inside a directory a running sweep holds.
   */
  readonly sweepMember?: boolean;
}

/** A run directory this process may write, until {@link RunDirClaim.release}. */
export class RunDirClaim {
  readonly #path: string;
  readonly #lock: Deno.FsFile;
  readonly #created: boolean;

  constructor(path: string, lock: Deno.FsFile, created: boolean) {
    this.#path = path;
    this.#lock = lock;
    this.#created = created;
  }

  /**
   * Drops the lock and removes the lock file; with `untouched` (nothing else was written) a directory
   * this run created goes too, so a run that failed early leaves things as they were.
   */
  async release(untouched: boolean): Promise<void> {
    try {
      await Deno.remove(join(this.#path, LOCK_FILE));
    } catch {
      // already gone; the lock is dropped with the handle anyway
    }
    this.#lock.close();
    if (untouched && this.#created) await Deno.remove(this.#path).catch(() => {});
  }
}

/**
 * Checks that `path` may hold this run and takes its lock, creating the directory when it is new.
 * @throws {UsageError} one line naming the flag, the directory and what was found.
 */
export async function claimRunDir(path: string, options: ClaimOptions): Promise<RunDirClaim> {
  const { flag } = options;
  if (path.trim() === "")
    throw new UsageError(`Cannot use ${flag} "": empty path, expected a directory for the run`);
  if ((options.kind ?? "run") === "run" && !options.sweepMember) await refuseRunningSweep(path, flag);
  const created = await ensureDirectory(path, flag);
  await refuseSpecialPlaces(path, flag, options.dataDir);
  const lockPath = join(path, LOCK_FILE);
  const kind = options.kind ?? "run";
  let lock = await lockIfPresent(lockPath, path, flag, kind);
  try {
    await checkContents(path, options);
    lock ??= await takeLock(lockPath, path, flag, kind, true);
    await lock.truncate(0);
    // A run's lock holds its PID alone, as before sweeps; a sweep's says so after it.
    await lock.write(new TextEncoder().encode(`${Deno.pid}${kind === "sweep" ? " sweep" : ""}\n`));
    return new RunDirClaim(path, lock, created);
  } catch (error) {
    lock?.close();
    if (created) await Deno.remove(path, { recursive: true }).catch(() => {});
    throw error;
  }
}

/**
 * The lock file a sweep holding the directory around `dir` would have: a sweep's configurations are
 * its direct subdirectories. The launcher grants read of it to `mnist train`.
 * @param dir a run directory.
 * @returns the path of the parent directory's lock file.
 */
export function parentLockFile(dir: string): string {
  return join(dir, "..", LOCK_FILE);
}

/**
 * Refuses a run directory whose parent is held by a running sweep: the sweep would record, or train
 * over, what this run writes there.
 */
async function refuseRunningSweep(dir: string, flag: string): Promise<void> {
  const lockPath = parentLockFile(dir);
  if (!(await lockHeld(lockPath))) return; // no lock, or its writer is gone
  const file = await Deno.open(lockPath, { read: true }).catch(() => undefined);
  if (file === undefined) return;
  const holder = await readHolder(file).finally(() => file.close());
  if (!holder.sweep) return; // a train's lock: that directory is a run, not a sweep
  throw new UsageError(
    `Cannot use ${flag} ${dir}: it is in the sweep directory ${join(dir, "..")}, which "mnist sweep" (PID ${holder.pid}) is writing, expected a run directory outside a running sweep (or wait for it to end)`,
  );
}

/**
 * Whether a live `mnist train` or `mnist sweep` holds a lock file. A shared lock taken and
 * dropped at once tells: the kernel drops a dead writer's lock, so a lock file left behind reads as
 * free. The trainer retries its own lock briefly, so this probe never makes a starting run fail.
 */
export async function lockHeld(path: string): Promise<boolean> {
  let file: Deno.FsFile;
  try {
    if (!(await Deno.lstat(path)).isFile) return false;
    file = await Deno.open(path, { read: true });
  } catch {
    return false;
  }
  try {
    if (!(await file.tryLock(false))) return true;
    await file.unlock();
    return false;
  } finally {
    file.close();
  }
}

/** Who holds a lock file, from the text its writer put there: `PID` or `PID sweep`. */
async function readHolder(file: Deno.FsFile): Promise<{ pid: string; sweep: boolean }> {
  const buffer = new Uint8Array(32);
  const n = (await file.read(buffer)) ?? 0;
  const holder = /^(\d+)( sweep)?/.exec(new TextDecoder().decode(buffer.subarray(0, n)));
  return { pid: holder?.[1] ?? "unknown", sweep: holder?.[2] !== undefined };
}

/** Creates `path` when missing; returns whether it did. */
async function ensureDirectory(path: string, flag: string): Promise<boolean> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new UsageError(
        `Cannot use ${flag} ${path}: it is ${describeFsError(error)}, expected a directory`,
      );
    }
    try {
      await Deno.mkdir(path, { recursive: true });
    } catch (mkdirError) {
      throw new UsageError(
        `Cannot create ${flag} ${path}: ${describeFsError(mkdirError)}, expected a path where a directory can be made`,
      );
    }
    return true;
  }
  if (!info.isDirectory) {
    const what = info.isFile ? "a regular file" : "not a directory";
    throw new UsageError(`Cannot use ${flag} ${path}: it is ${what}, expected a directory for the run`);
  }
  return false;
}

/**
 * Refuses `/`, the home directory and the data directory as a directory to write into (a missing path
 * is none of them).
 * @param path the directory.
 * @param flag the flag that named it, for the message.
 * @param dataDir the data directory of the command, if it reads one.
 * @throws {UsageError} `Cannot use --out /: it is the root directory, expected …`.
 */
export async function refuseSpecialPlaces(path: string, flag: string, dataDir?: string): Promise<void> {
  const real = await Deno.realPath(path).catch(() => undefined);
  if (real === undefined) return;
  const places: [string | undefined, string][] = [
    ["/", "the root directory"],
    [homeDir(), "the home directory"],
    [dataDir && (await Deno.realPath(dataDir).catch(() => undefined)), "the data directory"],
  ];
  for (const [place, name] of places) {
    if (place !== undefined && real === place)
      throw new UsageError(`Cannot use ${flag} ${path}: it is ${name}, expected a directory of its own`);
  }
}

/** The home directory when this process may know it (the launcher grants `--allow-sys=homedir`). */
function homeDir(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

/** Opens an existing lock file and takes its lock; `undefined` when there is none. */
async function lockIfPresent(
  lockPath: string,
  dir: string,
  flag: string,
  kind: "run" | "sweep",
): Promise<Deno.FsFile | undefined> {
  try {
    await Deno.lstat(lockPath);
  } catch {
    return undefined;
  }
  return await takeLock(lockPath, dir, flag, kind, false);
}

async function takeLock(
  lockPath: string,
  dir: string,
  flag: string,
  kind: "run" | "sweep",
  create: boolean,
): Promise<Deno.FsFile> {
  const info = await Deno.lstat(lockPath).catch(() => undefined);
  if (info !== undefined && !info.isFile)
    throw new UsageError(
      `Cannot use ${flag} ${dir}: ${lockPath} is not a regular file, expected the lock file of "mnist ${kind === "sweep" ? "sweep" : "train"}"`,
    );
  const file = await Deno.open(lockPath, { read: true, write: true, create });
  // `mnist dashboard` takes a shared lock for an instant to see whether a run is live; a few short
  // retries keep that probe from ever looking like a second writer.
  for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
    if (await file.tryLock(true)) return file;
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
  const holder = await readHolder(file).finally(() => file.close());
  throw new UsageError(
    `Cannot use ${flag} ${dir}: another "mnist ${holder.sweep ? "sweep" : "train"}" (PID ${holder.pid}) is writing it, expected one ${kind} per directory at a time`,
  );
}

/** New, empty, or an earlier run without links or special files; an earlier run only when `reuse`. */
async function checkContents(dir: string, options: ClaimOptions): Promise<void> {
  const { flag } = options;
  const sweep = options.kind === "sweep";
  const marker = sweep ? SWEEP_MANIFEST : RUN_LOG;
  const what = sweep ? "sweep" : "run";
  const others: string[] = [];
  let log: Deno.DirEntry | undefined;
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name === LOCK_FILE || TEMP_FILE.test(entry.name)) continue;
    if (entry.name === marker) log = entry;
    else others.push(entry.name);
  }
  if (log === undefined && others.length === 0) return;
  const recognised = sweep ? isSweepManifest(join(dir, marker)) : startsAsRun(join(dir, marker));
  if (log === undefined || !log.isFile || !(await recognised)) {
    const expected =
      flag === "--resume"
        ? `expected a ${what} directory with its ${marker}${sweep ? "" : " and checkpoints"}`
        : `expected a new or empty directory or an earlier ${what} (with its ${marker})`;
    if (log === undefined)
      throw new UsageError(
        `Cannot use ${flag} ${dir}: it holds no ${marker} but other files (e.g. ${others.sort()[0]}), ${expected}`,
      );
    throw new UsageError(
      `Cannot use ${flag} ${dir}: its ${marker} is ${log.isFile ? `empty or unreadable (not a ${what}'s ${sweep ? "manifest" : "log starting with run-start"})` : "not a regular file"}, ${expected}`,
    );
  }
  if (!options.reuse)
    throw new UsageError(
      `Cannot use ${flag} ${dir}: it holds an earlier ${what} (${marker}), expected --force to replace it or --resume ${dir} to continue it`,
    );
  await refuseLinks(dir, flag);
}

/** Whether the file is a sweep's manifest (its `format` is the sweep format). */
async function isSweepManifest(path: string): Promise<boolean> {
  try {
    return JSON.parse(await readCheckedText(path, "sidecar"))?.format === "mnist-sweep";
  } catch {
    return false;
  }
}

/** Whether the file's first line is a `run-start` record. */
async function startsAsRun(path: string): Promise<boolean> {
  let file: Deno.FsFile;
  try {
    file = await openChecked(path, "runLog");
  } catch {
    return false;
  }
  try {
    const buffer = new Uint8Array(64 * 1024);
    const n = (await file.read(buffer)) ?? 0;
    const line = new TextDecoder().decode(buffer.subarray(0, n)).split("\n")[0];
    return JSON.parse(line)?.type === "run-start";
  } catch {
    return false;
  } finally {
    file.close();
  }
}

/** Refuses a symbolic link or special file anywhere in `dir` (entries are not followed). */
async function refuseLinks(dir: string, flag: string): Promise<void> {
  const pending = [dir];
  let seen = 0;
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for await (const entry of Deno.readDir(current)) {
      const path = join(current, entry.name);
      if (++seen > MAX_ENTRIES)
        throw new UsageError(
          `Cannot use ${flag} ${dir}: it holds over ${MAX_ENTRIES} entries, expected a run directory`,
        );
      if (entry.isSymlink)
        throw new UsageError(
          `Cannot use ${flag} ${dir}: ${path} is a symbolic link, expected a run directory of plain files and directories (a link could lead outside it)`,
        );
      if (entry.isDirectory) pending.push(path);
      else if (!entry.isFile)
        throw new UsageError(
          `Cannot use ${flag} ${dir}: ${path} is not a regular file, expected a run directory's files`,
        );
    }
  }
}
