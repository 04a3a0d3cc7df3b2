/**
 * The trainer on WebGPU in headless Chromium with SwiftShader: the page (bundled here with Vite) trains
 * the same run on WebGPU and the CPU and reports back. If Chromium or its WebGPU adapter is missing,
 * this test fails and says so; it is never skipped.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedTestPage, loadTestPage } from "../../../../tools/testing/bundle.ts";
import type { PageResults } from "./page.ts";

let page: LoadedTestPage<PageResults> | null = null;
let results: PageResults;

beforeAll(async () => {
  page = await loadTestPage<PageResults>(fileURLToPath(new URL("./page.ts", import.meta.url)), {
    webgpu: true,
  });
  results = page.results;
}, 240_000);

afterAll(async () => {
  await page?.close();
});

describe("the trainer on WebGPU in headless Chromium (SwiftShader)", () => {
  it("finds a WebGPU adapter", () => {
    expect(
      results.error,
      "no WebGPU adapter in Chromium: check --enable-unsafe-webgpu and SwiftShader",
    ).toBeNull();
    console.log(`Chromium adapter: ${results.adapter}`);
  });

  it("trains to the CPU's accuracy (within 0.2 pp after each epoch)", () => {
    for (const line of results.lines) console.log(line);
    expect(results.epochs).toBe(2);
    expect(results.failures).toEqual([]);
  });

  it("trains on datasets split across buffers (4,000 bytes each, cut inside images) exactly as on one buffer", () => {
    expect(results.splitFailures).toEqual([]);
  });
});
