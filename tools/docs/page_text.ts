/**
 * Prints what a web page shows: serves a built site's directory on 127.0.0.1 (with the cross-origin
 * isolation headers the CPU backend's worker threads need), opens it in headless Chromium (WebGPU on
 * SwiftShader), waits until an element with `data-done` appears and prints the page's text. The
 * cookbook's web-page recipe uses it where a reader would look at the browser window. Developers and
 * CI only.
 *
 *     deno run -A tools/docs/page_text.ts DIST_DIR [timeout-seconds]
 * @module
 */
import { launchChromium } from "../testing/chromium.ts";
import { CROSS_ORIGIN_ISOLATION, serveStatic } from "../testing/static_server.ts";

const [dir, seconds = "120"] = Deno.args;
if (!dir) {
  console.error("Cannot show a page: no directory given, expected `page_text.ts DIST_DIR [timeout-seconds]`");
  Deno.exit(2);
}
const server = await serveStatic({ "/": dir }, CROSS_ORIGIN_ISOLATION);
const browser = await launchChromium({ webgpu: true });
try {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.origin}/`);
  await page.waitForSelector("[data-done]", { timeout: Number(seconds) * 1000 }).catch(() => {
    const seen = errors.length > 0 ? `page errors: ${errors.join(" | ")}` : "no page error";
    throw new Error(`Cannot read the page in ${dir}: no [data-done] element after ${seconds} s (${seen})`);
  });
  console.log(((await page.textContent("body")) ?? "").trim());
  if (errors.length > 0) throw new Error(`Cannot read the page in ${dir} cleanly: ${errors.join(" | ")}`);
} finally {
  await browser.close();
  await server.close();
}
