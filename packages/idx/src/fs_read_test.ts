// Checked file reads: special files are refused without being opened (opening a FIFO for reading
// blocks until a writer comes), sizes are capped before reading, files of 2 GiB and more are refused.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticSplit } from "./_test_fixtures.ts";
import { checkFile, dirSource, fileStream, MAX_FILE_BYTES, readWholeFile } from "./fs.ts";
import { streamIdx } from "./stream_idx.ts";

const work = mkdtempSync(join(tmpdir(), "idx-fsread-"));
const fifo = join(work, "fifo");
const socketPath = join(work, "sock");
let server: Server;

/** Fails the test instead of hanging when `p` does not settle within `ms`. */
async function settlesWithin<T>(p: Promise<T>, ms = 2000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still blocked after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  execFileSync("mkfifo", [fifo]);
  symlinkSync(fifo, join(work, "link-to-fifo"));
  server = createServer();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

describe("readWholeFile", () => {
  it("refuses a FIFO, a symlink to one, a socket, a device and a directory at once, by name", async () => {
    const cases: [string, string][] = [
      [fifo, "a FIFO"],
      [join(work, "link-to-fifo"), "a FIFO"],
      [socketPath, "a socket"],
      ["/dev/zero", "a character device"],
      [work, "a directory"],
    ];
    for (const [path, kind] of cases) {
      await expect(settlesWithin(readWholeFile(path))).rejects.toThrow(
        `Cannot read ${path}: it is ${kind}, expected a regular file (a file)`,
      );
    }
  });

  it("caps the size before reading, saying the limit and the kind of file", async () => {
    const path = join(work, "big");
    writeFileSync(path, new Uint8Array(1000));
    await expect(readWholeFile(path, { maxBytes: 999, kind: "a PNG image" })).rejects.toThrow(
      `Cannot read ${path}: file is 1000 bytes, expected at most 999 for a PNG image`,
    );
    expect((await readWholeFile(path, { maxBytes: 1000 })).length).toBe(1000);
    expect(await checkFile(path)).toBe(1000);
  });

  it("refuses a sparse 3 GiB file naming it and the 2 GiB limit, without reading it", async () => {
    const path = join(work, "sparse-3g");
    writeFileSync(path, "");
    truncateSync(path, 3 * 1024 ** 3);
    const started = performance.now();
    await expect(readWholeFile(path, { maxBytes: Number.POSITIVE_INFINITY })).rejects.toThrow(
      `Cannot read ${path}: file is 3221225472 bytes, expected at most ${MAX_FILE_BYTES} for a file`,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("dirSource and fileStream", () => {
  it("refuse a data file that is a FIFO without blocking", async () => {
    const dir = join(work, "data");
    mkdirSync(dir);
    execFileSync("mkfifo", [join(dir, "train-labels-idx1-ubyte")]);
    await expect(settlesWithin(dirSource(dir).read("train-labels-idx1-ubyte"))).rejects.toThrow(
      `Cannot read ${dir}/train-labels-idx1-ubyte: it is a FIFO, expected a regular file (an IDX file (raw or .gz))`,
    );
    const read = async () => {
      for await (const _ of streamIdx(fileStream(fifo))) break;
    };
    await expect(settlesWithin(read())).rejects.toThrow(
      `Cannot read ${fifo}: it is a FIFO, expected a regular file`,
    );
  });

  it("still stream a regular file", async () => {
    const path = join(work, "labels");
    writeFileSync(path, syntheticSplit(5, (i) => i).labels);
    let n = 0;
    for await (const batch of streamIdx(fileStream(path))) n += batch.count;
    expect(n).toBe(5);
  });
});
