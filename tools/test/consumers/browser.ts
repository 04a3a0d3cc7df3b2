/**
 * Runs the consumer's Vite production build in headless Chromium (WebGPU on SwiftShader): served from
 * 127.0.0.1 (a secure context) with the cross-origin isolation headers SharedArrayBuffer needs, as a
 * user's static host would have to. Developers and CI only.
 * @module
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { launchChromium } from "../../testing/chromium.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
};

/** What `browser_main.js` leaves on `window.__results`. */
export interface BrowserResults {
  readonly crossOriginIsolated: boolean;
  readonly cpu: { ok: boolean; value: unknown };
  readonly webgpu: { ok: boolean; value: unknown };
  readonly readme: Record<string, { ok: boolean; value: unknown }>;
}

/** Serves `dir`, opens it in Chromium, waits for the results and returns them with the console output. */
export async function runInChromium(dir: string): Promise<{ results: BrowserResults; logs: string[] }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(
      /^(\.\.[/\\])+/,
      "",
    );
    const file = join(dir, path.endsWith("/") ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-embedder-policy": "require-corp",
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await launchChromium({ webgpu: true });
  const logs: string[] = [];
  try {
    const page = await browser.newPage();
    page.on("console", (m) => logs.push(m.text()));
    page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
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
    server.close();
  }
}
