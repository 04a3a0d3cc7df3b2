/**
 * Bundles a test page's entry module into one ES module string with Vite, to inject into a headless
 * browser page with `page.addScriptTag({ content, type: "module" })`. Developers and CI only.
 * @module
 */
import { build, defaultClientConditions } from "vite";
import { launchChromium } from "./chromium.ts";

/**
 * Bundles `entry` and everything it imports (dynamic imports inlined) into one module.
 *
 * @param entry Absolute path of the page's entry file.
 * @returns The module's code.
 * @throws {Error} When Vite produces no chunk.
 */
export async function bundleTestPage(entry: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: "silent",
    // Workspace packages from their TypeScript sources, as under vitest (tools/vitest/shared.ts).
    resolve: { conditions: ["source", ...defaultClientConditions] },
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ["es"], fileName: "page" },
      rollupOptions: { output: { inlineDynamicImports: true } },
    },
  });
  for (const result of Array.isArray(output) ? output : [output]) {
    if ("output" in result) {
      const chunk = result.output.find((o) => o.type === "chunk");
      if (chunk?.type === "chunk") return chunk.code;
    }
  }
  throw new Error(`Cannot bundle ${entry}: Vite produced no chunk, expected one`);
}

/** A test page loaded in headless Chromium, with what it published as `globalThis.__results`. */
export interface LoadedTestPage<T> {
  /** The awaited value of the page's `globalThis.__results`. */
  readonly results: T;
  /** Closes the browser. */
  close(): Promise<void>;
}

/**
 * Bundles `entry`, serves it from an https origin (a secure context, so WebGPU is exposed) inside
 * headless Chromium and waits for the page to publish `globalThis.__results` (a value or a promise).
 *
 * @param entry Absolute path of the page's entry file.
 * @param options `webgpu`: start Chromium with WebGPU on SwiftShader.
 * @returns The page's results and a way to close the browser.
 * @throws {Error} When the page does not publish its results within 20 s (with its console output).
 */
export async function loadTestPage<T>(
  entry: string,
  options: { webgpu?: boolean } = {},
): Promise<LoadedTestPage<T>> {
  const origin = "https://test-page.local"; // any https origin is a secure context; served by route()
  const code = await bundleTestPage(entry);
  const browser = await launchChromium({ webgpu: options.webgpu ?? false });
  try {
    const page = await browser.newPage();
    const logs: string[] = [];
    page.on("console", (m) => logs.push(m.text()));
    page.on("pageerror", (e) => logs.push(e.message));
    await page.route(`${origin}/**`, (route) => {
      const js = route.request().url().endsWith("/page.js");
      route.fulfill({
        contentType: js ? "text/javascript" : "text/html",
        body: js ? code : `<!doctype html><script type="module" src="/page.js"></script>`,
      });
    });
    await page.goto(`${origin}/`);
    await page
      .waitForFunction(() => "__results" in globalThis, null, { timeout: 20_000 })
      .catch(() => {
        throw new Error(`Cannot load the test page: ${logs.join(" | ") || "no console output"}`);
      });
    const results = await page.evaluate(() => (globalThis as unknown as { __results: Promise<T> }).__results);
    return { results: results as T, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
