/**
 * The least-privilege launcher. Deno's permissions are fixed before `cli.ts` could read a flag such as
 * `--out DIR`, so this tiny process parses the flags first (with the same definitions), works out the
 * exact paths the command needs (`Command.access`), and runs `cli.ts` in a child Deno process granted
 * only those: read of the data, model and run directories, write of the run/output directory, net only
 * for commands that download, and for `mnist dashboard` listening on its one loopback port only; `--allow-sys=homedir` for commands that write (they refuse to write
 * into the home directory itself); no env, ffi or run. The launcher itself needs only `--allow-run`, to start
 * the same Deno binary (`Deno.execPath()`, no PATH lookup); it reads no files and parses only argv.
 *
 * When the command will pick its backend with `auto`, the launcher asks a short-lived third process
 * (`probe_webgpu.ts`, no permissions) which WebGPU adapter exists and hands the answer to the CLI
 * (`sandboxed_cli.ts`) on its stdin. Requesting an adapter loads the WebGPU driver; with only a software
 * Vulkan driver (lavapipe) that is about 75 MB that `auto` would then not use, and it stays in the
 * process that loaded it. The probe runs while the CLI starts and loads its data (the CLI waits for
 * the answer only when it opens the backend) and exits long before training, so no process holds the
 * driver while training and the probe costs no wall time on a machine with a second core.
 * With `--allow-env=XDG_RUNTIME_DIR` the launcher also sets that variable for the child processes
 * when it is unset (see {@link childEnv}).
 * @module
 */
import { constants as osConstants } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Access } from "./command.ts";
import { findCommand } from "./commands.ts";
import { parseFlags } from "./flags.ts";
import { errorMessage, oneLine, UsageError } from "./usage_error.ts";

const SANDBOXED_CLI = fileURLToPath(new URL("./sandboxed_cli.ts", import.meta.url));
const PROBE = fileURLToPath(new URL("./probe_webgpu.ts", import.meta.url));
const DATA_PROBE = fileURLToPath(new URL("./recorded_data_probe.ts", import.meta.url));
const CONFIG = fileURLToPath(new URL("../deno.json", import.meta.url));

/** Commands whose backend is `auto` unless `--backend` says otherwise (train.ts, info.ts). */
const AUTO_BY_DEFAULT = new Set(["train", "info"]);

/** What the launcher needs to know before starting the CLI. */
export interface LaunchPlan {
  readonly access: Access;
  /** Whether the command will choose its backend with `auto` (and so needs an adapter probe). */
  readonly autoBackend: boolean;
}

/**
 * The access the command line asks for and whether it picks a backend with `auto`; help and usage
 * errors need neither (cli.ts prints them).
 */
export function planOf(args: string[]): LaunchPlan {
  const none: LaunchPlan = { access: { read: [], write: [], net: false }, autoBackend: false };
  const [name, ...rest] = args;
  if (name === undefined || name.startsWith("-") || name === "help") return none;
  const command = findCommand(name);
  const flags = parseFlags(command.name, rest, command.flags, command.positionals ?? 0);
  if (flags.values.help) return none;
  const backend = flags.values.backend;
  const autoBackend = backend === undefined ? AUTO_BY_DEFAULT.has(command.name) : backend === "auto";
  return { access: command.access(flags), autoBackend };
}

/**
 * Environment additions for the child processes: `XDG_RUNTIME_DIR=/nonexistent` when it is unset or
 * not absolute, so that the Vulkan loader's Wayland probe (libwayland-client) fails quietly instead
 * of printing "XDG_RUNTIME_DIR is invalid or not set" (`--quiet` must print only the summary).
 * `/nonexistent` is the Debian idiom for a directory that must not exist: the Wayland client only
 * tries to connect to a socket inside it, and nothing is created. Without permission to read the
 * variable the environment is left alone.
 */
export function childEnv(): Record<string, string> {
  let dir: string | undefined;
  try {
    dir = Deno.env.get("XDG_RUNTIME_DIR");
  } catch {
    return {}; // not granted --allow-env=XDG_RUNTIME_DIR
  }
  return dir?.startsWith("/") ? {} : { XDG_RUNTIME_DIR: "/nonexistent" };
}

/**
 * Asks a short-lived process, granted nothing, which WebGPU adapter exists (`probe_webgpu.ts`).
 * @returns the probe as JSON text, or `"-"` (the CLI then probes itself) if that process failed.
 */
async function probeInChild(env: Record<string, string>): Promise<string> {
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-prompt", `--config=${CONFIG}`, PROBE],
      stdin: "null",
      stdout: "piped",
      stderr: "null", // a driver's warnings; the CLI reports what matters
      env,
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    return out.success && text.startsWith("{") ? text : "-";
  } catch {
    return "-";
  }
}

/** The metadata files the data probe may read for `recorded` (a run's log, a model's sidecars). */
export function recordedDataReads(recorded: NonNullable<Access["recordedData"]>): string[] {
  const { kind, path } = recorded;
  if (kind === "run") return [path, join(path, "run.jsonl")];
  if (kind === "sweep") return [path, join(path, "sweep.json")];
  const sidecars = (dir: string) =>
    ["model-meta.json", "model.json", "checkpoint.json"].map((f) => join(dir, f));
  return [path, ...sidecars(path), ...sidecars(dirname(path))];
}

/**
 * Asks a child process, granted read of the metadata only, which data directory a model or run
 * records; `access` plus read of that directory (unchanged when none is recorded).
 */
async function withRecordedData(access: Access, env: Record<string, string>): Promise<Access> {
  if (access.recordedData === undefined) return access;
  const reads = recordedDataReads(access.recordedData);
  if (reads.some((p) => p.includes(","))) return access; // permissionFlags refuses such paths anyway
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--no-prompt",
        `--config=${CONFIG}`,
        `--allow-read=${reads.join(",")}`,
        DATA_PROBE,
        access.recordedData.kind,
        access.recordedData.path,
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      env,
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    const dir = out.success && text.startsWith("{") ? JSON.parse(text).dir : undefined;
    return typeof dir === "string" && dir !== "" ? { ...access, read: [...access.read, dir] } : access;
  } catch {
    return access; // the CLI then reports the missing permission, naming the directory
  }
}

/** Deno permission flags granting exactly `access`. */
export function permissionFlags(access: Access): string[] {
  const list = (paths: string[]) => {
    for (const p of paths) {
      if (p.includes(","))
        throw new UsageError(`Cannot use path "${p}": it contains a comma, expected a path without commas`);
    }
    return [...new Set(paths)].join(",");
  };
  const flags: string[] = [];
  if (access.read.length > 0) flags.push(`--allow-read=${list(access.read)}`);
  if (access.write.length > 0) flags.push(`--allow-write=${list(access.write)}`);
  // A command that writes refuses to write into the home directory, so it may ask where that is.
  const sys = [...(access.write.length > 0 ? ["homedir"] : []), ...(access.sys ?? [])];
  if (sys.length > 0) flags.push(`--allow-sys=${sys.join(",")}`);
  if (access.net) flags.push("--allow-net");
  else if (access.listen !== undefined) flags.push(`--allow-net=${list([access.listen])}`);
  return flags;
}

/** Writes the probe to the CLI's stdin and closes it; a CLI that already exited is no error. */
async function handOver(child: Deno.ChildProcess, probe: string): Promise<void> {
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(`${probe}\n`));
    await writer.close();
  } catch {
    // the CLI exited before it needed the probe (a usage error, --help)
  }
}

async function launch(args: string[]): Promise<number> {
  let perms: string[];
  let plan: LaunchPlan;
  const env = childEnv();
  try {
    plan = planOf(args);
    perms = permissionFlags(await withRecordedData(plan.access, env));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`mnist: ${oneLine(error.message)}`);
    return 2;
  }
  const probe = plan.autoBackend ? probeInChild(env) : undefined;
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--no-prompt",
        `--config=${CONFIG}`,
        ...perms,
        SANDBOXED_CLI,
        probe === undefined ? "-" : "stdin",
        ...args,
      ],
      stdin: probe === undefined ? "inherit" : "piped",
      stdout: "inherit",
      stderr: "inherit",
      env,
    }).spawn();
  } catch (error) {
    console.error(
      `mnist: Cannot start the CLI: ${errorMessage(error)}, expected the Deno binary at ${Deno.execPath()} to start`,
    );
    return 1;
  }
  // Ctrl-C in a terminal reaches both processes; a stop signal sent to the launcher alone is passed
  // on, so the CLI stops as it does for Ctrl-C and never outlives the launcher's caller's wait.
  const stop = (name: (typeof STOPS)[number]) => {
    try {
      child.kill(name);
    } catch {
      // already exited
    }
  };
  const forwards = STOPS.map((name) => {
    const forward = () => stop(name);
    Deno.addSignalListener(name, forward);
    return [name, forward] as const;
  });
  // A parent that ends without passing its signal on (pnpm, given SIGTERM, exits and leaves its
  // children) leaves the launcher orphaned: stop the CLI as SIGTERM would, so no training outlives
  // whoever started it.
  const parent = Deno.ppid;
  const watch = setInterval(() => {
    if (Deno.ppid === parent) return;
    clearInterval(watch);
    stop("SIGTERM");
  }, PARENT_POLL_MS);
  if (probe !== undefined) await handOver(child, await probe);
  const status = await child.status;
  clearInterval(watch);
  for (const [name, forward] of forwards) Deno.removeSignalListener(name, forward);
  return status.signal ? 128 + signalNumber(status.signal) : status.code;
}

/** How often the launcher checks that the process that started it is still there. */
const PARENT_POLL_MS = 500;

/** The signals the launcher passes on to the CLI (the CLI stops on each as on Ctrl-C). */
const STOPS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * A signal's number, for the exit code 128 + n by which a shell reports a process it ended
 * (SIGKILL 137, SIGTERM 143); 15 for a name the platform does not number.
 */
export function signalNumber(name: string): number {
  return (osConstants.signals as Record<string, number | undefined>)[name] ?? 15;
}

if (import.meta.main) Deno.exit(await launch(Deno.args));
