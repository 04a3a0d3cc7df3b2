// Gzip bombs: a valid IDX header followed by far more zeros than it declares. Peak memory is measured
// in a child process (Deno, which runs the sources as they are), so the test runner's own heap does
// not blur it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { constants, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeIdxHeader } from "./encode_idx.ts";

const MB = 1024 * 1024;
const root = fileURLToPath(new URL("../../../", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "idx-bomb-"));

/** gzip of `header` then `zeros` zero bytes, streamed through zlib in 16 MiB pieces. */
function bomb(header: Uint8Array, zeros: number): Uint8Array {
  const body = new Uint8Array(header.length + zeros);
  body.set(header);
  return gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
}

// Decodes a valid file of the same declared size first (the baseline), then the bomb, and prints the
// peak RSS after each with the bomb's error.
const CHILD = `
import process from "node:process";
// VmHWM starts afresh at exec, where getrusage's maxrss carries over the parent's RSS at fork.
// (Deno lets only --allow-all read /proc/self, hence that flag on this test-only child.)
const peak = () => {
  const m = /VmHWM:\\s+(\\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
};
import { decodeIdx } from ${JSON.stringify(new URL("./decode_idx.ts", import.meta.url).href)};
const [valid, bomb] = Deno.args;
await decodeIdx(await Deno.readFile(valid), valid);
const before = peak();
let message = "no error";
try { await decodeIdx(await Deno.readFile(bomb), bomb); } catch (e) { message = e.message; }
const after = peak();
console.log(JSON.stringify({ before, after, message }));
`;

function measure(valid: string, bombPath: string): { before: number; after: number; message: string } {
  const script = join(work, "child.ts");
  writeFileSync(script, CHILD);
  const run = spawnSync(
    "sh",
    [
      join(root, "tools/scripts/deno.sh"),
      "run",
      "--quiet",
      "--no-config",
      "--allow-all",
      script,
      valid,
      bombPath,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  if (run.status !== 0) throw new Error(`child failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "");
}

describe("gzip bombs after a valid IDX header", () => {
  const labelsHeader = encodeIdxHeader("u8", [60000]);
  const imagesHeader = encodeIdxHeader("u8", [60000, 28, 28]);
  beforeAll(() => {
    writeFileSync(
      join(work, "labels.gz"),
      gzipSync(new Uint8Array([...labelsHeader, ...new Uint8Array(60000)])),
    );
    writeFileSync(join(work, "labels-bomb.gz"), bomb(labelsHeader, 560 * MB));
    const images = new Uint8Array(imagesHeader.length + 47_040_000);
    images.set(imagesHeader);
    writeFileSync(join(work, "images.gz"), gzipSync(images, { level: constants.Z_BEST_SPEED }));
    writeFileSync(join(work, "images-bomb.gz"), bomb(imagesHeader, 560 * MB));
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("stops a 60,000-label file at its declared size with bounded memory", () => {
    const gz = join(work, "labels-bomb.gz");
    expect(statSync(gz).size).toBeLessThan(600_000);
    const m = measure(join(work, "labels.gz"), gz);
    console.log(`labels bomb (${statSync(gz).size} B gzip): peak RSS ${m.before} → ${m.after} B`);
    expect(m.message).toBe(
      `Cannot parse IDX header of ${gz}: data is more than 60000 bytes, expected 60000 for 60000 u8`,
    );
    // A 4 KiB input slice inflates to at most ~4 MiB; inflating the whole buffer at once took 1.18 GB.
    expect(m.after - m.before).toBeLessThan(32 * MB);
  }, 90_000);

  it("stops a 60,000×28×28 image file at its declared 47 MB with bounded memory", () => {
    const gz = join(work, "images-bomb.gz");
    const m = measure(join(work, "images.gz"), gz);
    console.log(`images bomb (${statSync(gz).size} B gzip): peak RSS ${m.before} → ${m.after} B`);
    expect(m.message).toBe(
      `Cannot parse IDX header of ${gz}: data is more than 47040000 bytes, expected 47040000 for 60000×28×28 u8`,
    );
    expect(m.after - m.before).toBeLessThan(47_040_000 + 32 * MB);
  }, 90_000);
});
