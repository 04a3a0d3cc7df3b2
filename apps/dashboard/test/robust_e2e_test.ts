/**
 * End-to-end tests in headless Chromium of what the dashboard does with hostile or broken runs: a run
 * log of 10^6 records (generated here) opens without any main-thread task reaching 200 ms, and a run
 * whose model is missing, NaN, empty or of the wrong shape still shows its log, with the problem in
 * one line.
 */
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@mnist/tools/testing/chromium";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, serveStatic } from "./static_server.ts";

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, "..");
const artifacts = join(app, "test-artifacts");
const fixtureLog = join(here, "fixtures/run/run.jsonl");
const fixtureModel = join(here, "fixtures/run/model.safetensors");
const RECORDS = 1_000_000;

let server: StaticServer;
let browser: Browser;
let tmp: string;
const contexts: BrowserContext[] = [];

/** Writes a run log of exactly `total` records: run-start, steps, 10 epochs, run-end. */
async function writeBigLog(path: string, total: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (line: string) =>
    out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  await write(
    `${JSON.stringify({ type: "run-start", version: "1.0", time: "2026-11-30T10:00:00.000Z", config: { lr: 0.1 }, seed: 0, backend: "cpu" })}\n`,
  );
  const epochs = 10;
  const steps = total - 2 - epochs;
  const perEpoch = Math.ceil(steps / epochs);
  let chunk = "";
  for (let s = 1, e = 1; s <= steps; s++) {
    // A decaying loss with a spike the thinning must keep.
    const loss = s === 123_457 ? 9 : 2 * Math.exp(-s / 200_000) + 0.05 * Math.sin(s);
    chunk += `{"type":"step","epoch":${e},"step":${s},"loss":${loss},"lr":0.1}\n`;
    if (s % perEpoch === 0 || s === steps) {
      chunk += `{"type":"epoch","epoch":${e},"trainAccuracy":${0.8 + e / 100},"testAccuracy":${0.8 + e / 100},"trainLoss":0.3,"testLoss":0.3,"seconds":1}\n`;
      e++;
    }
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await write(
    `${JSON.stringify({ type: "run-end", time: "2026-11-30T10:10:00.000Z", seconds: 600, epochs, testAccuracy: 0.9, trainAccuracy: 0.9, testLoss: 0.3, trainLoss: 0.3 })}\n`,
  );
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** A safetensors model written by hand (shapes the encoder refuses are allowed). */
function safetensors(classes: number, features: number, fill: (i: number) => number): Uint8Array {
  const weight = Float32Array.from({ length: classes * features }, (_, i) => fill(i));
  const bias = new Float32Array(classes);
  const header = JSON.stringify({
    weight: { dtype: "F32", shape: [classes, features], data_offsets: [0, weight.byteLength] },
    bias: {
      dtype: "F32",
      shape: [classes],
      data_offsets: [weight.byteLength, weight.byteLength + bias.byteLength],
    },
  });
  const h = new TextEncoder().encode(header.padEnd(Math.ceil(header.length / 8) * 8, " "));
  const out = new Uint8Array(8 + h.length + weight.byteLength + bias.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(new Uint8Array(weight.buffer), 8 + h.length);
  out.set(new Uint8Array(bias.buffer), 8 + h.length + weight.byteLength);
  return out;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dashboard-robust-"));
  mkdirSync(join(tmp, "big"));
  mkdirSync(join(tmp, "no-model"));
  mkdirSync(artifacts, { recursive: true });
  await writeBigLog(join(tmp, "big/run.jsonl"), RECORDS);
  writeFileSync(join(tmp, "no-model/run.jsonl"), readFileSync(fixtureLog));
  writeFileSync(join(tmp, "page.html"), "<!doctype html><title>not a log</title>");
  writeFileSync(
    join(tmp, "nan.safetensors"),
    safetensors(10, 784, (i) => (i === 4321 ? Number.NaN : 0.01)),
  );
  writeFileSync(
    join(tmp, "empty.safetensors"),
    safetensors(10, 0, () => 0),
  );
  server = await serveStatic({ "/dash/": join(app, "dist"), "/runs/": tmp });
  browser = await launchChromium({ webgpu: false });
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Opens the dashboard with a long-task observer installed before any script runs. */
async function open(query = "", width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  contexts.push(context);
  await context.addInitScript(() => {
    const w = globalThis as unknown as { longest: number; longTasks: number };
    w.longest = 0;
    w.longTasks = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.longTasks++;
        w.longest = Math.max(w.longest, e.duration);
        (w as unknown as { tasks: number[][] }).tasks ??= [];
        (w as unknown as { tasks: number[][] }).tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
      }
    }).observe({ type: "longtask", buffered: true });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(`${server.origin}/dash/${query}`);
  return { page, errors };
}

const status = async (page: Page) => {
  await page.waitForSelector("#open-status[data-state]", { timeout: 120_000 });
  return {
    state: await page.getAttribute("#open-status", "data-state"),
    text: (await page.textContent("#open-status")) ?? "",
  };
};

describe("hostile and broken runs (headless Chromium)", () => {
  it("opens a chosen 10^6-record run log with no main-thread task of 200 ms or more", async () => {
    const { page, errors } = await open();
    // Measured from when the log is chosen (page start-up is not part of opening a log).
    await page.waitForLoadState("load");
    const t0 = await page.evaluate(() => performance.now());
    const started = Date.now();
    await page.setInputFiles("#run-files", join(tmp, "big/run.jsonl"));
    // The page keeps answering while the worker reads: choosing a preset fills the form at once.
    await page.waitForSelector("#open-status:not([data-state])");
    const clicked = Date.now();
    await page.selectOption("#preset", "best", { timeout: 1000 });
    expect(await page.inputValue("#lr")).toBe("0.003");
    const clickMs = Date.now() - clicked;
    const s = await status(page);
    expect(s.state, s.text).toBe("ok");
    const openMs = Date.now() - started;
    await page.waitForTimeout(500); // the charts' redraw frame, and any task it starts
    const tasks = await page.evaluate(
      (from) =>
        (globalThis as unknown as { tasks: [number, number][] }).tasks.filter(([start]) => start >= from),
      t0,
    );
    const longest = Math.max(0, ...tasks.map(([, d]) => d));
    const longTasks = tasks.length;
    const summary = (await page.textContent("#summary")) ?? "";
    const drawn = await page.evaluate(() => {
      type Handle = { charts: { live: { series: { steps: unknown[]; epochs: unknown[] } } } };
      const { series } = (globalThis as unknown as { dashboard: Handle }).dashboard.charts.live;
      return { steps: series.steps.length, epochs: series.epochs.length };
    });
    console.log(
      `[e2e] 10^6-record log: open ${openMs} ms, form answered in ${clickMs} ms, longest main-thread task ${longest.toFixed(0)} ms (${longTasks} over 50 ms), steps drawn ${drawn.steps}`,
    );
    expect(longest).toBeLessThan(200);
    expect(s.text).toContain(`run.jsonl: ${RECORDS} records`);
    expect(summary).toContain("1,000,000 records");
    expect(summary).toMatch(/Drawn[\d,]+ of 999,988 steps/);
    expect(drawn.steps).toBeLessThanOrEqual(2001);
    expect(drawn.steps).toBeGreaterThan(1000);
    expect(drawn.epochs).toBe(10);
    // The spike at step 123,457 survives the thinning.
    const max = await page.evaluate(() => {
      type Handle = { charts: { live: { series: { stepLoss: number[] } } } };
      return Math.max(
        ...(globalThis as unknown as { dashboard: Handle }).dashboard.charts.live.series.stepLoss,
      );
    });
    expect(max).toBe(9);
    await page.screenshot({ path: join(artifacts, "big-log-desktop.png"), fullPage: true });
    expect(errors).toEqual([]);
  }, 180_000);

  it("shows a run whose model has NaN weights or no inputs, naming the problem in one line", async () => {
    for (const [name, expected] of [
      [
        "nan.safetensors",
        /^Cannot (load|use) model (from )?nan\.safetensors: weight\[5(, |\]\[)401\] is NaN, expected (a )?finite/,
      ],
      ["empty.safetensors", /^Cannot \S.*empty\.safetensors/],
    ] as const) {
      const { page, errors } = await open();
      await page.setInputFiles("#run-files", [fixtureLog, join(tmp, name)]);
      const s = await status(page);
      expect(s.state, s.text).toBe("partial");
      const [opened, problem, ...rest] = s.text.split(/(?<=\.) (?=Cannot)/);
      expect(opened).toMatch(/^Opened run\.jsonl: \d+ records\.$/);
      expect(problem).toMatch(expected);
      expect(rest).toEqual([]);
      expect(s.text).not.toContain("\n");
      expect(s.text).not.toContain("undefined");
      // The rest of the run: summary, charts, the log's own confusion matrix; no weights.
      expect(await page.textContent("#summary")).toContain("Final accuracy");
      expect(await page.locator("#charts [data-chart]").count()).toBe(4);
      expect(await page.getAttribute("#confusion", "data-from")).toBe("run log");
      expect(await page.locator("#weights canvas").count()).toBe(0);
      expect(errors).toEqual([]);
    }
  });

  it("refuses a model that does not fit the run's recorded data, naming both shapes", async () => {
    const start = JSON.parse(readFileSync(fixtureLog, "utf8").split("\n")[0]);
    const sum = "ab".repeat(32);
    const file = (name: string) => ({ name, sha256: sum });
    start.dataset = {
      name: "custom",
      dir: "data/shapes",
      files: { trainImages: file("a"), trainLabels: file("b"), testImages: file("c"), testLabels: file("d") },
      imageShape: [16, 16],
      classCount: 3,
      classNames: ["bar", "column", "ring"],
    };
    writeFileSync(join(tmp, "custom.jsonl"), `${JSON.stringify(start)}\n`);
    const { page, errors } = await open();
    await page.setInputFiles("#run-files", [join(tmp, "custom.jsonl"), fixtureModel]);
    const s = await status(page);
    expect(s.state).toBe("partial");
    expect(s.text).toContain(
      "Cannot use model model.safetensors with this run: it takes 784 inputs in 10 classes, expected 16×16 = 256 inputs in 3 classes (custom dataset (data/shapes; 16×16, 3 classes)).",
    );
    expect(await page.locator("#weights canvas").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("shows a ?run= log without a model beside it, and says when a URL is an HTML page", async () => {
    const { page, errors } = await open("?run=../runs/no-model/run.jsonl");
    const s = await status(page);
    expect(s.state, s.text).toBe("ok");
    expect(s.text).toContain("no model.safetensors beside it");
    expect(await page.locator("#charts [data-chart]").count()).toBe(4);
    expect(await page.getAttribute("#confusion", "data-from")).toBe("run log");
    // The browser's own console line for the 404 of the model lookup is expected; nothing else is.
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    const html = await open("?run=../runs/page.html");
    const h = await status(html.page);
    expect(h.state).toBe("error");
    expect(h.text).toMatch(
      /^Cannot load run log http:\/\/\S+\/runs\/page\.html: found an HTML page, expected a run log \(wrong path\?\)$/,
    );
    expect(html.errors).toEqual([]);
  });
});
