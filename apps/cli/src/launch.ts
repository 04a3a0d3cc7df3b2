/**
 * The least-privilege launcher. Deno's permissions are fixed before `main.ts` could read a flag such as
 * `--out DIR`, so this tiny process parses the flags first (with the same definitions), works out the
 * exact paths the command needs (`Command.access`), and runs `main.ts` in a child Deno process granted
 * only those: read of the data, model and run directories, write of the run/output directory, net only
 * for commands that download; no env, ffi or run. The launcher itself needs only `--allow-run`, to start
 * the same Deno binary (`Deno.execPath()`, no PATH lookup); it reads no files and parses only argv.
 * @module
 */
import { fileURLToPath } from "node:url";
import type { Access } from "./command.ts";
import { findCommand } from "./commands.ts";
import { parseFlags } from "./flags.ts";
import { UsageError } from "./usage_error.ts";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const CONFIG = fileURLToPath(new URL("../deno.json", import.meta.url));

/** The access the command line asks for; help and usage errors need none (main.ts prints them). */
function accessOf(args: string[]): Access {
  const none: Access = { read: [], write: [], net: false };
  const [name, ...rest] = args;
  if (name === undefined || name.startsWith("-") || name === "help") return none;
  const command = findCommand(name);
  const flags = parseFlags(command.name, rest, command.flags, command.positionals ?? 0);
  return flags.values.help ? none : command.access(flags);
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
  if (access.net) flags.push("--allow-net");
  return flags;
}

async function launch(args: string[]): Promise<number> {
  let perms: string[];
  try {
    perms = permissionFlags(accessOf(args));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`mnist: ${error.message}`);
    return 2;
  }
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-prompt", `--config=${CONFIG}`, ...perms, MAIN, ...args],
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
  } catch (error) {
    console.error(
      `mnist: Cannot start the CLI: ${error instanceof Error ? error.message : error}, expected the Deno binary at ${Deno.execPath()} to start`,
    );
    return 1;
  }
  // Ctrl-C in a terminal reaches both processes; a SIGINT sent to the launcher alone is passed on.
  const forward = () => {
    try {
      child.kill("SIGINT");
    } catch {
      // already exited
    }
  };
  Deno.addSignalListener("SIGINT", forward);
  const status = await child.status;
  Deno.removeSignalListener("SIGINT", forward);
  return status.signal ? 128 + (status.signal === "SIGINT" ? 2 : 15) : status.code;
}

if (import.meta.main) Deno.exit(await launch(Deno.args));
