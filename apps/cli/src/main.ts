/**
 * The `mnist` command line: `mnist <command> [flags]`.
 * @module
 */
import { runTrain } from "./train.ts";
import { UsageError } from "./usage_error.ts";

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  train: runTrain,
};

const USAGE = `Usage: mnist <command> [flags]

Commands:
  train   Train softmax regression on MNIST (defaults reproduce the tutorial)

Run "mnist <command> --help" for a command's flags.`;

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    throw new UsageError(`Unknown command "${command}": expected one of ${Object.keys(COMMANDS).join(", ")}`);
  }
  return await run(rest);
}

try {
  Deno.exitCode = await main(Deno.args);
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`mnist: ${error.message}`);
    Deno.exitCode = 2;
  } else {
    console.error(`mnist: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exitCode = 1;
  }
}
