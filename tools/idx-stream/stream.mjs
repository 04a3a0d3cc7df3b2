#!/usr/bin/env node
// Generates a large IDX file (default 1.2 GiB of 28×28 u8 records), then streams through it with
// `streamIdx` and prints the peak resident memory. Runs under Node and Deno:
//   node tools/idx-stream/stream.mjs [--gib 1.2] [--file PATH] [--keep]
//   deno run -A tools/idx-stream/stream.mjs
// Node resolves `@mnist/idx` to the built package (`pnpm turbo run build --filter=@mnist/idx` first).
import { open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { encodeIdxHeader, streamIdx } from "@mnist/idx";
import { fileStream } from "@mnist/idx/fs";

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}
const gib = Number(flag("gib", "1.2"));
const file = flag("file", join(tmpdir(), `idx-stream-${process.pid}.idx`));
const keep = process.argv.includes("--keep");
const ROWS = 28;
const COLS = 28;
const RECORD = ROWS * COLS;
const records = Math.ceil((gib * 2 ** 30) / RECORD);

let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const mb = (bytes) => (bytes / 1e6).toFixed(1);

/** Record i holds byte (i + j) mod 251 at pixel j, so the reader can check every byte. */
function fillRecords(out, first) {
  for (let r = 0; r < out.length / RECORD; r++) {
    const base = (first + r) % 251;
    for (let j = 0; j < RECORD; j++) out[r * RECORD + j] = (base + j) % 251;
  }
}

async function generate() {
  const handle = await open(file, "w");
  try {
    await handle.write(encodeIdxHeader("u8", [records, ROWS, COLS]));
    const perChunk = 8192;
    const chunk = new Uint8Array(perChunk * RECORD);
    for (let first = 0; first < records; first += perChunk) {
      const n = Math.min(perChunk, records - first);
      const view = chunk.subarray(0, n * RECORD);
      fillRecords(view, first);
      await handle.write(view);
      sample();
    }
  } finally {
    await handle.close();
  }
}

async function streamThrough() {
  let seen = 0;
  let batches = 0;
  for await (const batch of streamIdx(fileStream(file), { name: file, batchRecords: 1024 })) {
    const data = batch.data;
    // Check the first pixel of every record: catches lost, repeated or reordered bytes.
    for (let r = 0; r < batch.count; r++) {
      if (data[r * RECORD] !== (batch.start + r) % 251) {
        throw new Error(`Cannot verify record ${batch.start + r}: found ${data[r * RECORD]}`);
      }
    }
    seen += batch.count;
    batches++;
    sample();
  }
  return { seen, batches };
}

sample();
const t0 = performance.now();
await generate();
const size = (await stat(file)).size;
const t1 = performance.now();
const peakAfterWrite = peak;
peak = 0;
const { seen, batches } = await streamThrough();
const t2 = performance.now();
if (!keep) await rm(file);
if (seen !== records) throw new Error(`Cannot verify the stream: ${seen} records, expected ${records}`);
const runtime = typeof Deno === "undefined" ? `node ${process.version}` : `deno ${Deno.version.deno}`;
console.log(
  `${runtime}: ${file} is ${size} bytes (${(size / 2 ** 30).toFixed(2)} GiB), ${records} records of 28×28 u8`,
);
console.log(`generate: ${((t1 - t0) / 1000).toFixed(1)} s, peak RSS ${mb(peakAfterWrite)} MB`);
console.log(
  `stream:   ${((t2 - t1) / 1000).toFixed(1)} s, ${batches} batches, ${mb(size / ((t2 - t1) / 1000))} MB/s, peak RSS ${mb(peak)} MB`,
);
const limit = 200e6;
console.log(peak < limit ? `ok: peak RSS while streaming is under 200 MB` : `FAIL: peak RSS exceeds 200 MB`);
if (peak >= limit) process.exitCode = 1;
