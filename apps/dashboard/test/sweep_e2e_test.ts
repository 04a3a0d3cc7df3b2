/**
 * End-to-end tests in headless Chromium of the sweep view: a sweep written by `mnist sweep`
 * (`fixtures/sweep`: 3 learning rates, 2 epochs) opened by `?sweep=URL` and from its files; a point
 * per configuration on a log learning-rate axis; selecting one opens that configuration's run.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@mnist/tools/testing/chromium";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, serveStatic } from "./static_server.ts";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const fixture = join(here, "fixtures/sweep");
const SUB = "/some/sub-path/dashboard/";
const manifest = JSON.parse(readFileSync(join(fixture, "sweep.json"), "utf8")) as {
  runs: { id: string; dir: string; values: { lr: number }; bestValAccuracy: number }[];
  best: string;
};

let server: StaticServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await serveStatic({ [SUB]: dist, "/fixtures/": join(here, "fixtures") });
  browser = await launchChromium({ webgpu: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

async function open(query = "") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.origin}${SUB}${query}`);
  return { page, errors };
}

describe("sweep view", () => {
  it("opens ?sweep=URL: one point per configuration on a log lr axis; a point opens its run", async () => {
    const { page, errors } = await open("?sweep=../../../fixtures/sweep/");
    await page.waitForSelector("#open-status[data-state]");
    expect(
      await page.getAttribute("#open-status", "data-state"),
      (await page.textContent("#open-status")) ?? "",
    ).toBe("ok");
    const points = page.locator("#sweep-view circle[data-run]");
    expect(await points.count()).toBe(manifest.runs.length);
    expect(await page.locator('#sweep-view [data-scale="log"]').count()).toBe(1);
    expect(await page.getAttribute("#sweep-view circle[data-best]", "data-run")).toBe(manifest.best);
    // Higher validation accuracy is drawn higher.
    const ys = await points.evaluateAll((cs) =>
      Object.fromEntries(cs.map((c) => [c.getAttribute("data-run"), Number(c.getAttribute("cy"))])),
    );
    const byAcc = [...manifest.runs].sort((a, b) => a.bestValAccuracy - b.bestValAccuracy).map((r) => r.id);
    expect(byAcc.map((id) => ys[id])).toEqual([...byAcc.map((id) => ys[id])].sort((a, b) => b - a));

    // Selecting a point opens that configuration's run directory: its log and its model.
    const chosen = manifest.runs[1];
    await page.locator(`#sweep-view circle[data-run="${chosen.id}"]`).click();
    await page.waitForFunction(
      (id) => document.querySelector("#open-status")?.textContent?.includes("run.jsonl") && id !== "",
      chosen.id,
    );
    await page.waitForSelector('#confusion[data-from="model"]', { timeout: 30_000 });
    const runLog = readFileSync(join(fixture, chosen.dir, "run.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const lastEpoch = runLog.filter((r) => r.type === "epoch").at(-1);
    await expect
      .poll(() => page.locator('#charts [data-chart="accuracy"] .u-legend .u-value').allTextContents())
      .toContain(`${(lastEpoch.trainAccuracy * 100).toFixed(2)}%`);
    expect(await page.textContent("#summary")).toContain(String(chosen.values.lr));
    expect(errors).toEqual([]);
  });

  it("opens a sweep from its chosen files and shows a configuration from the combined log", async () => {
    const { page, errors } = await open();
    await page.setInputFiles("#run-files", [join(fixture, "sweep.json"), join(fixture, "sweep.jsonl")]);
    await page.waitForSelector("#open-status[data-state]");
    expect(await page.getAttribute("#open-status", "data-state")).toBe("ok");
    expect(await page.locator("#sweep-view circle[data-run]").count()).toBe(manifest.runs.length);
    await page.locator(`#sweep-view circle[data-run="${manifest.best}"]`).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.textContent("#open-status")).toContain(manifest.best);
    await expect
      .poll(() => page.locator('#charts [data-chart="accuracy"] .u-legend .u-value').count())
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  for (const backend of ["cpu", "webgpu"] as const) {
    it(`trains the small sweep in the worker on ${backend} and shows its learning rates`, async () => {
      const { page, errors } = await open();
      await page.selectOption("#backend", backend);
      await page.fill("#train-count", "3000");
      await page.fill("#epochs", "2");
      await page.click("#train-sweep");
      await page.waitForSelector('#train-status[data-state="done"], #train-status[data-state="error"]', {
        timeout: 120_000,
      });
      const status = (await page.textContent("#train-status")) ?? "";
      expect(await page.getAttribute("#train-status", "data-state"), status).toBe("done");
      expect(status).toContain(`on ${backend}`);
      const points = page.locator("#sweep-view circle[data-run]");
      expect(await points.count()).toBe(5);
      const ids = await points.evaluateAll((cs) => cs.map((c) => c.getAttribute("data-run")));
      expect(ids).toEqual(["01_lr=0.01", "02_lr=0.03", "03_lr=0.05", "04_lr=0.1", "05_lr=0.3"]);
      // With MSE on softmax a larger rate learns faster in 2 epochs: the best point is the largest rate.
      expect(await page.getAttribute("#sweep-view circle[data-best]", "data-run")).toBe("05_lr=0.3");
      await points.nth(2).click();
      await expect.poll(() => page.textContent("#open-status")).toContain("03_lr=0.05");
      expect(errors).toEqual([]);
    });
  }
});
