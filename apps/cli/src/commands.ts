/**
 * The command table.
 * @module
 */

import { augmentCommand } from "./augment.ts";
import { benchCommand } from "./bench.ts";
import { checkBackendsCommand } from "./check_backends.ts";
import type { Command } from "./command.ts";
import { dashboardCommand } from "./dashboard.ts";
import { evalCommand } from "./eval.ts";
import { exportCommand } from "./export.ts";
import { infoCommand } from "./info.ts";
import { predictCommand } from "./predict.ts";
import { reportCommand } from "./report.ts";
import { trainCommand } from "./train.ts";
import { UsageError } from "./usage_error.ts";

/** Every command, in the order `mnist --help` lists them. */
export const COMMANDS: readonly Command[] = [
  trainCommand,
  evalCommand,
  predictCommand,
  exportCommand,
  reportCommand,
  augmentCommand,
  dashboardCommand,
  infoCommand,
  benchCommand,
  checkBackendsCommand,
];

/**
 * The command called `name`.
 * @throws {UsageError} listing the valid commands.
 */
export function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    throw new UsageError(
      `Cannot run "mnist ${name}": unknown command, expected one of ${COMMANDS.map((c) => c.name).join(", ")}`,
    );
  }
  return command;
}

/** The top-level help. */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: mnist <command> [flags]

Softmax regression on MNIST: train, evaluate, predict, export and inspect.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run "mnist <command> --help" for a command's flags and examples.`;
}
