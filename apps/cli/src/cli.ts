/**
 * The `mnist` command line: `mnist <command> [flags]`. Runs with the permissions it was given; the
 * launcher (`launcher.ts`) grants each command only the paths it needs.
 * @module
 */

import { describeFsError } from "./checked_fs.ts";
import { COMMANDS, findCommand, usage } from "./commands.ts";
import { parseFlags } from "./flags.ts";
import { errorMessage, oneLine, UsageError } from "./usage_error.ts";

/**
 * A file-system error that reached the top (a path the checks before could not foresee) as a user
 * error: `Cannot mkdir /x: already there (os error 17)`; `undefined` for anything else (a bug).
 */
function fsErrorLine(error: unknown): string | undefined {
  const fsError =
    error instanceof Deno.errors.NotFound ||
    error instanceof Deno.errors.AlreadyExists ||
    error instanceof Deno.errors.IsADirectory ||
    error instanceof Deno.errors.NotADirectory ||
    error instanceof Deno.errors.FilesystemLoop ||
    error instanceof Deno.errors.PermissionDenied ||
    error instanceof Deno.errors.NotCapable ||
    /^E[A-Z]+$/.test(String((error as { code?: unknown })?.code));
  if (!fsError) return undefined;
  const message = errorMessage(error).split("\n")[0];
  const m = /\((os error \d+)\): (\w+) '(.*)'$/.exec(message);
  if (m === null) return `Cannot use a file: ${message}`;
  return `Cannot ${m[2]} ${m[3]}: ${describeFsError(error)} (${m[1]}), expected a path that the command can use`;
}

/** Runs `mnist` with `args`; returns the exit code. User errors are one line on stderr and code 2. */
export async function main(args: string[]): Promise<number> {
  try {
    const [name, ...rest] = args;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      console.log(usage());
      return 0;
    }
    const command = findCommand(name);
    const flags = parseFlags(command.name, rest, command.flags, command.positionals ?? 0);
    if (flags.values.help) {
      console.log(command.help);
      return 0;
    }
    return await command.run(flags);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`mnist: ${oneLine(error.message)}`);
      return 2;
    }
    const fs = fsErrorLine(error);
    if (fs !== undefined) {
      console.error(`mnist: ${oneLine(fs)}`);
      return 2;
    }
    console.error(`mnist: ${oneLine(errorMessage(error))}`);
    return 1;
  }
}

export { COMMANDS };

if (import.meta.main) Deno.exit(await main(Deno.args));
