// The URL path against a local HTTP server on 127.0.0.1 serving good, corrupted and truncated files.
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchMirror, loadFromUrls } from "./fetch.ts";
import { fsCache, mnistDataDir } from "./fs.ts";
import { DATASET_ROLES, MNIST } from "./known_datasets.ts";
import { loadFromMirrors, memoryCache } from "./mirrors.ts";

// Level 1 keeps the set-up fast; the server only needs valid gzip.
const gzip = (b: Uint8Array) => new Uint8Array(gzipSync(b, { level: 1 }));

/** Route → bytes (or a status code); requests are logged. */
const routes = new Map<string, Uint8Array | number>();
const requests: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  const dir = mnistDataDir();
  for (const role of DATASET_ROLES) {
    const name = MNIST.files[role].name;
    const raw = new Uint8Array(await readFile(join(dir, name)));
    const gz = gzip(raw);
    routes.set(`/good/${name}.gz`, gz);
    const corrupted = raw.slice();
    corrupted[corrupted.length - 1] ^= 1; // a valid IDX file whose hash is wrong
    routes.set(`/corrupt/${name}.gz`, gzip(corrupted));
    routes.set(`/truncated/${name}.gz`, gz.subarray(0, Math.floor(gz.length / 2)));
    routes.set(`/raw/${name}`, raw);
  }
  server = createServer((req, res) => {
    requests.push(req.url!);
    const body = routes.get(req.url!);
    if (body === undefined || typeof body === "number") {
      res.writeHead(typeof body === "number" ? body : 404).end();
      return;
    }
    res.writeHead(200, { "content-length": body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("loadFromUrls", () => {
  it("skips corrupted, truncated and missing mirrors in order and caches only verified files", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "idx-cache-"));
    requests.length = 0;
    const urls = ["corrupt", "truncated", "missing", "good"].map((m) => `${base}/${m}/`);
    const ds = await loadFromUrls(urls, { cache: fsCache(cacheDir) });
    expect(ds.known).toBe(MNIST);
    expect(ds.train.count).toBe(60000);
    expect(requests.slice(0, 4)).toEqual([
      "/corrupt/train-images-idx3-ubyte.gz",
      "/truncated/train-images-idx3-ubyte.gz",
      "/missing/train-images-idx3-ubyte.gz",
      "/good/train-images-idx3-ubyte.gz",
    ]);
    expect((await readdir(cacheDir)).sort()).toEqual(DATASET_ROLES.map((r) => MNIST.files[r].name).sort());

    requests.length = 0;
    const again = await loadFromUrls(urls, { cache: fsCache(cacheDir) });
    expect(requests).toEqual([]);
    expect(again.files.trainImages.sha256).toBe(MNIST.files.trainImages.sha256);
  });

  it("fails with every mirror's reason and leaves nothing in the cache", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "idx-cache-"));
    const run = loadFromUrls([`${base}/corrupt/`, `${base}/truncated/`, `${base}/missing/`], {
      cache: fsCache(cacheDir),
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot download train-images-idx3-ubyte: 3 mirror\(s\) failed \(/);
    expect(message).toContain(`${base}/corrupt/: Cannot verify train-images-idx3-ubyte.gz: SHA-256 is`);
    expect(message).toContain(
      `${base}/truncated/: Cannot decompress gzip data of train-images-idx3-ubyte.gz`,
    );
    expect(message).toContain(`${base}/missing/train-images-idx3-ubyte.gz: HTTP 404, expected 200`);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it("re-downloads over a cached file whose hash no longer matches", async () => {
    const cache = memoryCache();
    const labels = MNIST.files.testLabels.name;
    cache.files.set(labels, new Uint8Array([1, 2, 3]));
    requests.length = 0;
    await loadFromMirrors([fetchMirror(`${base}/raw/`)], { cache, remoteName: (n) => n });
    expect(requests).toContain(`/raw/${labels}`);
    expect(cache.files.get(labels)?.length).toBe(10008);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("user stopped"));
    await expect(loadFromUrls([`${base}/good/`], { signal: controller.signal })).rejects.toThrow(
      "user stopped",
    );
  });
});
