/**
 * The `mnist` command line: `mnist <command> [flags]`. Runs with the permissions it was given; the
 * launcher (`launcher.ts`) grants each command only the paths it needs.
 * @module
 */
import { COMMANDS, findCommand, usage } from "./commands.ts";
import { parseFlags } from "./flags.ts";
import { errorMessage, UsageError } from "./usage_error.ts";

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
      console.error(`mnist: ${error.message}`);
      return 2;
    }
    console.error(`mnist: ${errorMessage(error)}`);
    return 1;
  }
}

export { COMMANDS };

if (import.meta.main) Deno.exit(await main(Deno.args));
