/**
 * Runs the consumer's Vite production build in headless Chromium (WebGPU on SwiftShader): served from
 * 127.0.0.1 (a secure context) with the cross-origin isolation headers SharedArrayBuffer needs, as a
 * user's static host would have to. Developers and CI only.
 * @module
 */
import { launchChromium } from "../../testing/chromium.ts";
import { CROSS_ORIGIN_ISOLATION, serveStatic } from "../../testing/static_server.ts";

/** What `browser_main.js` leaves on `window.__results`. */
export interface BrowserResults {
  readonly crossOriginIsolated: boolean;
  readonly cpu: { ok: boolean; value: unknown };
  readonly webgpu: { ok: boolean; value: unknown };
  readonly readme: Record<string, { ok: boolean; value: unknown }>;
}

/** Serves `dir`, opens it in Chromium, waits for the results and returns them with the console output. */
export async function runInChromium(dir: string): Promise<{ results: BrowserResults; logs: string[] }> {
  const server = await serveStatic({ "/": dir }, CROSS_ORIGIN_ISOLATION);
  const browser = await launchChromium({ webgpu: true });
  const logs: string[] = [];
  try {
    const page = await browser.newPage();
    page.on("console", (m) => logs.push(m.text()));
    page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
    await page.goto(`${server.origin}/`);
    await page
      .waitForFunction(() => "__results" in globalThis, null, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`Cannot load the consumer app: ${logs.join(" | ") || "no console output"}`);
      });
    const results = await page.evaluate(
      () => (globalThis as unknown as { __results: Promise<BrowserResults> }).__results,
    );
    return { results, logs };
  } finally {
    await browser.close();
    await server.close();
  }
}
