// The URL path against a local HTTP server on 127.0.0.1 serving good, corrupted and truncated files.
// The mirror mechanics run on a tiny dataset pinned by its own SHA-256 sums (fast); one test fetches the
// real MNIST files to check the shipped sums end to end.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticSplit } from "./_test_fixtures.ts";
import { fetchMirror, loadFromUrls } from "./fetch.ts";
import { fsCache, mnistDataDir } from "./fs.ts";
import { DATASET_ROLES, type DatasetRole, type KnownDataset, MNIST } from "./known_datasets.ts";
import { loadFromMirrors, memoryCache } from "./mirrors.ts";

const train = syntheticSplit(20, (i) => i % 4);
const test = syntheticSplit(5, (i) => i % 4);
const tinyBytes: Record<DatasetRole, Uint8Array> = {
  trainImages: train.images,
  trainLabels: train.labels,
  testImages: test.images,
  testLabels: test.labels,
};
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const TINY: KnownDataset = {
  name: "Tiny",
  id: "tiny",
  classes: 4,
  classNames: ["a", "b", "c", "d"],
  files: Object.fromEntries(
    DATASET_ROLES.map((r) => [r, { name: `tiny-${r}`, sha256: sha(tinyBytes[r]), dims: [] }]),
  ) as unknown as KnownDataset["files"],
};
const tinyNames = DATASET_ROLES.map((r) => TINY.files[r].name).sort();

/** Route → bytes; anything else is a 404. Requests are logged. */
const routes = new Map<string, Uint8Array>();
const requests: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  for (const role of DATASET_ROLES) {
    const name = TINY.files[role].name;
    const raw = tinyBytes[role];
    const gz = new Uint8Array(gzipSync(raw));
    routes.set(`/good/${name}.gz`, gz);
    const corrupted = raw.slice();
    corrupted[corrupted.length - 1] ^= 1; // still a valid IDX file, but not the pinned one
    routes.set(`/corrupt/${name}.gz`, new Uint8Array(gzipSync(corrupted)));
    routes.set(`/truncated/${name}.gz`, gz.subarray(0, gz.length - 9));
    const mnist = MNIST.files[role].name;
    routes.set(`/mnist/${mnist}`, new Uint8Array(await readFile(join(mnistDataDir(), mnist))));
  }
  server = createServer((req, res) => {
    requests.push(req.url!);
    const body = routes.get(req.url!);
    if (!body) res.writeHead(404).end();
    else res.writeHead(200, { "content-length": body.length }).end(body);
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
    const ds = await loadFromUrls(urls, { dataset: TINY, cache: fsCache(cacheDir) });
    expect(ds.known).toBe(TINY);
    expect([ds.train.count, ds.test.count, ds.train.classes]).toEqual([20, 5, 4]);
    expect(requests.slice(0, 5)).toEqual([
      "/corrupt/tiny-trainImages.gz",
      "/truncated/tiny-trainImages.gz",
      "/missing/tiny-trainImages.gz",
      "/good/tiny-trainImages.gz",
      "/corrupt/tiny-trainLabels.gz",
    ]);
    expect((await readdir(cacheDir)).sort()).toEqual(tinyNames);
    expect(sha(await readFile(join(cacheDir, "tiny-testImages")))).toBe(TINY.files.testImages.sha256);

    requests.length = 0;
    const again = await loadFromUrls(urls, { dataset: TINY, cache: fsCache(cacheDir) });
    expect(requests).toEqual([]);
    expect(again.files.trainImages.sha256).toBe(TINY.files.trainImages.sha256);
  });

  it("fails with every mirror's reason and leaves nothing in the cache", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "idx-cache-"));
    const urls = [`${base}/corrupt/`, `${base}/truncated/`, `${base}/missing/`];
    const error = await loadFromUrls(urls, { dataset: TINY, cache: fsCache(cacheDir) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AggregateError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot download tiny-trainImages: 3 mirror\(s\) failed \(/);
    expect(message).toContain(
      `${base}/corrupt/: Cannot verify tiny-trainImages.gz: SHA-256 is ${sha(gunzipped("/corrupt/tiny-trainImages.gz"))}, expected ${TINY.files.trainImages.sha256}`,
    );
    expect(message).toContain(`${base}/truncated/: Cannot decompress gzip data of tiny-trainImages.gz: `);
    expect(message).toContain(
      `${base}/missing/: Cannot download ${base}/missing/tiny-trainImages.gz: HTTP 404, expected 200`,
    );
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it("re-downloads over a cached file whose hash no longer matches", async () => {
    const cache = memoryCache();
    cache.files.set("tiny-testLabels", new Uint8Array([1, 2, 3]));
    requests.length = 0;
    await loadFromMirrors([fetchMirror(`${base}/good/`)], { dataset: TINY, cache });
    expect(requests).toContain("/good/tiny-testLabels.gz");
    expect(cache.files.get("tiny-testLabels")).toEqual(tinyBytes.testLabels);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("user stopped"));
    const run = loadFromUrls([`${base}/good/`], { dataset: TINY, signal: controller.signal });
    await expect(run).rejects.toThrow("user stopped");
  });

  it("fetches the real MNIST files and checks them against the shipped SHA-256 sums", async () => {
    const ds = await loadFromUrls([`${base}/missing/`, `${base}/mnist/`], { remoteName: (n) => n });
    expect(ds.known).toBe(MNIST);
    expect(ds.train.count).toBe(60000);
  });
});

function gunzipped(route: string): Uint8Array {
  return new Uint8Array(gunzipSync(routes.get(route)!));
}
