/**
 * The trainer on WebGPU in headless Chromium with SwiftShader: the page (bundled here with Vite) trains
 * the same run on WebGPU and the CPU and reports back. If Chromium or its WebGPU adapter is missing,
 * this test fails and says so; it is never skipped.
 */
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleTestPage } from "../../../../tools/testing/bundle.ts";
import { launchChromium } from "../../../../tools/testing/chromium.ts";
import type { PageResults } from "./page.ts";

const ORIGIN = "https://webgpu-test.local"; // any https origin is a secure context; served by route()

let browser: Browser | null = null;
let results: PageResults;

beforeAll(async () => {
  const code = await bundleTestPage(fileURLToPath(new URL("./page.ts", import.meta.url)));
  browser = await launchChromium({ webgpu: true });
  const page = await browser.newPage();
  const logs: string[] = [];
  page.on("console", (m) => logs.push(m.text()));
  page.on("pageerror", (e) => logs.push(e.message));
  await page.route(`${ORIGIN}/**`, (route) => {
    const js = route.request().url().endsWith("/page.js");
    route.fulfill({
      contentType: js ? "text/javascript" : "text/html",
      body: js ? code : `<!doctype html><script type="module" src="/page.js"></script>`,
    });
  });
  await page.goto(`${ORIGIN}/`);
  await page
    .waitForFunction(() => "__results" in globalThis, null, { timeout: 20_000 })
    .catch(() => {
      throw new Error(`Cannot load the test page: ${logs.join(" | ") || "no console output"}`);
    });
  results = await page.evaluate(
    () => (globalThis as unknown as { __results: Promise<PageResults> }).__results,
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
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
});
