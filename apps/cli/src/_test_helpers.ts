// Helpers for the CLI's Deno tests: run the CLI as a subprocess, exactly as `pnpm mnist` does.
import { fileURLToPath } from "node:url";

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
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      `--config=${CONFIG}`,
      "--allow-run",
      "--allow-env=XDG_RUNTIME_DIR",
      LAUNCH,
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  });
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

/** A minimal PNG encoder (RGB, filter 0) for test images. */
export async function encodePng(width: number, height: number, rgb: Uint8Array): Promise<Uint8Array> {
  const raw = new Uint8Array(height * (width * 3 + 1));
  for (let y = 0; y < height; y++)
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  const z = new Uint8Array(
    await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream("deflate"))).arrayBuffer(),
  );
  const chunk = (type: string, body: Uint8Array) => {
    const out = new Uint8Array(12 + body.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, body.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(body, 8);
    return out; // CRC left 0: the decoder does not check it
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", z),
    chunk("IEND", new Uint8Array()),
  ];
  return new Uint8Array(await new Blob(parts).arrayBuffer());
}
