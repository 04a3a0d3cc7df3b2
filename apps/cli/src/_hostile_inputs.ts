// Generators and probes for the hostile-input suite (hostile.deno_test.ts): decompression bombs built
// at test time (nothing large is committed), peak memory of a CLI process, a time limit for runs that
// could hang, and snapshots of file trees for the destructive cases.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIG, type Run } from "./_test_helpers.ts";
import { assemblePng } from "./image/png_encode.ts";

const PEAK_RSS_CLI = fileURLToPath(new URL("./_peak_rss_cli.ts", import.meta.url));

/** `head`, then `zeros` zero bytes, through a CompressionStream (`gzip`, or `deflate` for zlib), streamed. */
export async function compressedZeros(
  format: CompressionFormat,
  head: Uint8Array<ArrayBuffer>,
  zeros: number,
): Promise<Uint8Array> {
  const stream = new CompressionStream(format);
  const writer = stream.writable.getWriter();
  const out = new Response(stream.readable).arrayBuffer();
  await writer.write(head);
  const chunk = new Uint8Array(1 << 20);
  for (let left = zeros; left > 0; left -= chunk.length)
    await writer.write(left >= chunk.length ? chunk : chunk.subarray(0, left));
  await writer.close();
  return new Uint8Array(await out);
}

/** An IDX header: magic (u8 data, `dims.length` dimensions), then each dimension, big-endian. */
export function idxHeader(dims: number[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00000800 | dims.length);
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d);
  return bytes;
}

/** A PNG that declares 1×1 gray pixels and whose IDAT inflates to `zeros` bytes. */
export async function pngBomb(zeros: number): Promise<Uint8Array> {
  // 8-bit gray, deflate, adaptive filtering, not interlaced
  return assemblePng(1, 1, 0, await compressedZeros("deflate", new Uint8Array(0), zeros));
}

/** A run of the CLI with its peak resident memory. */
export interface MeasuredRun extends Run {
  peakBytes: number;
}

/**
 * Runs the CLI in one process (`_peak_rss_cli.ts`, so its memory is the CLI's own) and reads the peak
 * resident set it reports as its last stderr line.
 */
export async function mnistMeasured(...args: string[]): Promise<MeasuredRun> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--no-prompt", `--config=${CONFIG}`, "--allow-all", PEAK_RSS_CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  const lines = text.decode(stderr).trimEnd().split("\n");
  const m = /^peak-rss (\d+)$/.exec(lines.at(-1) ?? "");
  if (m === null) throw new Error(`Cannot measure the CLI's memory: stderr ends ${lines.at(-1)}`);
  return {
    code,
    stdout: text.decode(stdout),
    stderr: lines
      .slice(0, -1)
      .map((l) => `${l}\n`)
      .join(""),
    peakBytes: Number(m[1]),
  };
}

/**
 * Runs a prepared command, killing it after `ms`.
 * @returns the run, and whether it had to be killed.
 */
export async function runWithin(command: Deno.Command, ms: number): Promise<Run & { killed: boolean }> {
  const child = command.spawn();
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, ms);
  const { code, stdout, stderr } = await child.output();
  clearTimeout(timer);
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr), killed };
}

/** Every path under `dir` (not following links) with its kind, size and mtime: equal strings, equal trees. */
export async function snapshot(dir: string): Promise<string> {
  const lines: string[] = [];
  const walk = async (at: string) => {
    const entries = [];
    for await (const e of Deno.readDir(at)) entries.push(e.name);
    for (const name of entries.sort()) {
      const path = join(at, name);
      const info = await Deno.lstat(path);
      const kind = info.isSymlink ? `link→${await Deno.readLink(path)}` : info.isDirectory ? "dir" : "file";
      lines.push(`${path} ${kind} ${info.size} ${info.mtime?.getTime()}`);
      if (info.isDirectory) await walk(path);
    }
  };
  await walk(dir);
  return lines.join("\n");
}
