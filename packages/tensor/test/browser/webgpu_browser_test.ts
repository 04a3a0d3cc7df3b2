/**
 * The WebGPU backend in headless Chromium with SwiftShader: the page (bundled here with Vite) runs the
 * shared conformance suite on WebGPU and reports back (the training check lives in `@mnist/softmax`).
 * If Chromium or its WebGPU adapter is missing, this test fails and says so; it is never skipped.
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

describe("webgpu backend in headless Chromium (SwiftShader)", () => {
  it("finds a WebGPU adapter and reports it", () => {
    expect(
      results.error,
      "no WebGPU adapter in Chromium: check --enable-unsafe-webgpu and SwiftShader",
    ).toBeNull();
    console.log(`Chromium adapter: ${results.adapter}`);
    expect(results.adapter).toMatch(/fallback=(true|false)$/);
  });

  it("passes every shared conformance case", () => {
    expect(results.cases.length).toBeGreaterThan(50);
    const failed = results.cases.filter((c) => c.error !== null).map((c) => `${c.name}: ${c.error}`);
    expect(failed).toEqual([]);
  });
});
