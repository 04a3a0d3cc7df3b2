// PNG/PGM decoding: a PNG bomb is refused quickly at bounded memory, and every decoder gives the
// same result for its input at any offset inside a larger buffer (or as a Node Buffer).
import { Buffer } from "node:buffer";
import { constants, createDeflate, deflateSync } from "node:zlib";
import fc from "fast-check";
import { decodePgm } from "./pgm.ts";
import { decodePng } from "./png.ts";
import { assemblePng } from "./png_encode.ts";

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

/** A PNG of the given IHDR colour type and zlib-compressed IDAT. */
const png = assemblePng;

/** zlib of `megabytes` MiB of zeros, streamed (about 1 KiB per MiB). */
async function zlibZeros(megabytes: number): Promise<Uint8Array> {
  const d = createDeflate({ level: constants.Z_BEST_COMPRESSION });
  const out: Uint8Array[] = [];
  d.on("data", (c: Uint8Array) => out.push(c));
  const ended = new Promise((resolve) => d.on("end", resolve));
  const zero = new Uint8Array(1 << 20);
  for (let i = 0; i < megabytes; i++) {
    if (!d.write(zero)) await new Promise((resolve) => d.once("drain", resolve));
  }
  d.end();
  await ended;
  return new Uint8Array(Buffer.concat(out));
}

Deno.test("a 1 MB PNG declaring 1×1 is refused quickly, in one line, at bounded memory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/bomb.png`;
    const bytes = png(1, 1, 0, await zlibZeros(1000));
    assert(bytes.length > 900_000 && bytes.length < 1_100_000, `bomb is ${bytes.length} bytes`);
    await Deno.writeFile(path, bytes);
    // A child process, so that this test runner's own memory does not blur the peak.
    const script = `${dir}/child.ts`;
    await Deno.writeTextFile(
      script,
      `import process from "node:process";
// VmHWM starts afresh at exec, where getrusage's maxrss carries over the parent's RSS at fork.
// (Deno lets only --allow-all read /proc/self, hence that flag on this test-only child.)
const peak = () => {
  const m = /VmHWM:\\s+(\\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
};
import { decodePng } from ${JSON.stringify(new URL("./png.ts", import.meta.url).href)};
const bytes = await Deno.readFile(Deno.args[0]);
const before = peak();
const t = performance.now();
let message = "accepted";
try { await decodePng(bytes, Deno.args[0]); } catch (e) { message = e.message; }
const ms = performance.now() - t;
console.log(JSON.stringify({ before, after: peak(), ms, message }));`,
    );
    const config = new URL("../../deno.json", import.meta.url).pathname;
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--config", config, "--allow-all", script, path],
    }).output();
    const text = new TextDecoder().decode(run.stdout).trim();
    assert(run.success, `child failed: ${new TextDecoder().decode(run.stderr)}`);
    const m = JSON.parse(text.split("\n").at(-1) ?? "");
    console.log(`PNG bomb (${bytes.length} B): ${m.ms.toFixed(0)} ms, peak RSS ${m.before} → ${m.after} B`);
    const want = `Cannot decode PNG ${path}: compressed data that inflates past the 2 bytes 1×1 needs, expected an 8-bit non-interlaced gray, gray+alpha, RGB or RGBA PNG`;
    assert(m.message === want, `got ${m.message}`);
    assert(m.ms < 2000, `took ${m.ms} ms`);
    assert(m.after - m.before < 32 * 1024 * 1024, `peak RSS grew by ${m.after - m.before} bytes`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** `bytes` copied into a larger buffer at `offset`, as a view of exactly its length. */
function placed(bytes: Uint8Array, offset: number, after: number, fill: number): Uint8Array {
  const big = new Uint8Array(offset + bytes.length + after).fill(fill);
  big.set(bytes, offset);
  return big.subarray(offset, offset + bytes.length);
}

const raster = fc
  .record({
    width: fc.integer({ min: 1, max: 9 }),
    height: fc.integer({ min: 1, max: 9 }),
    color: fc.constantFrom(0, 2, 4, 6),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map(({ width, height, color, seed }) => {
    const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[color] as number;
    let x = seed;
    const next = () => {
      x = (x * 1103515245 + 12345) >>> 0;
      return x >>> 24;
    };
    // Each row: a filter type 0–4, then the row's bytes.
    const rows = new Uint8Array(height * (1 + width * channels));
    for (let i = 0; i < rows.length; i++) rows[i] = i % (1 + width * channels) === 0 ? next() % 5 : next();
    return { width, height, color, rows };
  });

const placement = fc.record({
  offset: fc.integer({ min: 1, max: 64 }),
  after: fc.integer({ min: 0, max: 64 }),
  fill: fc.integer({ min: 0, max: 255 }),
});

Deno.test("decodePng gives the same image for its input at any offset, and for a Node Buffer", async () => {
  await fc.assert(
    fc.asyncProperty(raster, placement, async ({ width, height, color, rows }, where) => {
      const file = png(width, height, color, new Uint8Array(deflateSync(rows)));
      const plain = await decodePng(file, "plain.png");
      const moved = await decodePng(placed(file, where.offset, where.after, where.fill), "moved.png");
      const buffer = await decodePng(Buffer.from(file), "buffer.png");
      for (const got of [moved, buffer]) {
        assert(
          got.width === plain.width && got.height === plain.height && got.channels === plain.channels,
          "shape differs",
        );
        assert(sameBytes(got.data, plain.data), "pixels differ");
      }
    }),
    { numRuns: 60 },
  );
});

Deno.test("decodePgm gives the same image for its input at any offset, and for a Node Buffer", () => {
  const pgm = fc
    .record({
      width: fc.integer({ min: 1, max: 9 }),
      height: fc.integer({ min: 1, max: 9 }),
      maxval: fc.constantFrom(1, 15, 255, 1000, 65535),
      binary: fc.boolean(),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ width, height, maxval, binary, seed }) => {
      let x = seed;
      const values = Array.from({ length: width * height }, () => {
        x = (x * 1103515245 + 12345) >>> 0;
        return (x >>> 8) % (maxval + 1);
      });
      const head = new TextEncoder().encode(
        `${binary ? "P5" : "P2"}\n# made in a test\n${width} ${height}\n${maxval}\n`,
      );
      if (!binary) return new Uint8Array([...head, ...new TextEncoder().encode(values.join(" "))]);
      const wide = maxval > 255;
      const body = new Uint8Array(values.length * (wide ? 2 : 1));
      values.forEach((v, i) => {
        if (wide) body.set([v >> 8, v & 255], 2 * i);
        else body[i] = v;
      });
      return new Uint8Array([...head, ...body]);
    });
  fc.assert(
    fc.property(pgm, placement, (file, where) => {
      const plain = decodePgm(file, "plain.pgm");
      for (const input of [placed(file, where.offset, where.after, where.fill), Buffer.from(file)]) {
        const got = decodePgm(input, "moved.pgm");
        assert(got.width === plain.width && got.height === plain.height, "shape differs");
        assert(sameBytes(got.data, plain.data), "pixels differ");
      }
    }),
    { numRuns: 100 },
  );
});

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
