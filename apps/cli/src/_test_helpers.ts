// Helpers for the CLI's Deno tests: run the CLI as a subprocess, exactly as `pnpm mnist` does.
import { fileURLToPath } from "node:url";
import { encodeRgbPng } from "./image/png_encode.ts";

export const LAUNCH = fileURLToPath(new URL("./launcher.ts", import.meta.url));
export const MAIN = fileURLToPath(new URL("./cli.ts", import.meta.url));
export const CONFIG = fileURLToPath(new URL("../deno.json", import.meta.url));

/** Result of a CLI run. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The command that runs `mnist …` through the launcher with the root script's permissions
 * (`--allow-run`, `--allow-env=XDG_RUNTIME_DIR`), output piped.
 */
export function mnistCommand(...args: string[]): Deno.Command {
  return new Deno.Command(Deno.execPath(), { args: mnistArgs(...args), stdout: "piped", stderr: "piped" });
}

/** The Deno arguments that run `mnist …` through the launcher, as `pnpm mnist` does. */
export function mnistArgs(...args: string[]): string[] {
  return [
    "run",
    "--quiet",
    "--no-prompt",
    `--config=${CONFIG}`,
    "--allow-run",
    "--allow-env=XDG_RUNTIME_DIR",
    LAUNCH,
    ...args,
  ];
}

/** Runs `mnist …` as {@link mnistCommand} does, to the end. */
export async function mnist(...args: string[]): Promise<Run> {
  const { code, stdout, stderr } = await mnistCommand(...args).output();
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

/** Fails with the run's output when it did not exit with `code`. */
export function expectCode(run: Run, code: number): void {
  if (run.code !== code)
    throw new Error(`expected exit ${code}, got ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
}

/** Asserts `cond`, with a message. */
export function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

/** A fresh temporary directory under the system temp dir. */
export function tempDir(): Promise<string> {
  return Deno.makeTempDir({ prefix: "mnist-cli-test-" });
}

/** A PNG of RGB test pixels (the CLI's own encoder). */
export const encodePng: (width: number, height: number, rgb: Uint8Array) => Promise<Uint8Array> =
  encodeRgbPng;
