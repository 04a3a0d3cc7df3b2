/**
 * `@mnist/metrics`: the run-log schema and metrics shared by the trainer, the CLI and the dashboard.
 * @module
 */

export * from "./accuracy.ts";
export * from "./run_log.ts";
