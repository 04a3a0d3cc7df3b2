/**
 * End-to-end tests in real headless Chromium (Debian's `/usr/bin/chromium`, WebGPU on SwiftShader):
 * the built dashboard is served under a sub-path by a tiny static server. Screenshots land in
 * `test-artifacts/` (git-ignored).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHART_COLORS } from "@mnist/metrics";
import { launchChromium } from "@mnist/tools/testing/chromium";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, serveStatic } from "./static_server.ts";

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, "..");
const dist = join(app, "dist");
const artifacts = join(app, "test-artifacts");
const SUB = "/some/sub-path/dashboard/";

let server: StaticServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(
      `Cannot run the end-to-end tests: ${dist}/index.html is missing, expected a build (pnpm build)`,
    );
  }
  mkdirSync(artifacts, { recursive: true });
  server = await serveStatic({ [SUB]: dist, "/fixtures/": join(here, "fixtures") });
  browser = await launchChromium({ webgpu: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

/** Opens the dashboard (query string optional) at a width and colour scheme; collects page errors. */
async function open(query = "", width = 1280, colorScheme: "light" | "dark" = "light") {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(`${server.origin}${SUB}${query}`);
  return { page, errors };
}

/** The y (axis 1) or x (axis 0) tick labels uPlot drew on chart `kind`, and its y scale's distribution. */
function chartTicks(page: Page, kind: string, axis: 0 | 1) {
  return page.evaluate(
    ({ kind, axis }) => {
      type Chart = { axes: { _values?: unknown[] }[]; scales: { y: { distr?: number } } };
      type Handle = { charts: { live: { charts: Map<string, Chart> } } };
      const u = (globalThis as unknown as { dashboard: Handle }).dashboard.charts.live.charts.get(kind)!;
      return { labels: (u.axes[axis]._values ?? []).map((v) => String(v ?? "")), distr: u.scales.y.distr };
    },
    { kind, axis },
  );
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** The colour (`rgb(r, g, b)`) of the legend marker of series `label` in chart `kind`. */
function legendColor(page: Page, kind: string, label: string): Promise<string> {
  return page.evaluate(
    ([k, l]) => {
      const rows = document.querySelectorAll(`#charts [data-chart="${k}"] .u-legend .u-series`);
      const row = [...rows].find((r) => r.querySelector(".u-label")?.textContent === l);
      if (!row) throw new Error(`Cannot find legend entry "${l}" in the ${k} chart`);
      return getComputedStyle(row.querySelector(".u-marker")!).borderTopColor;
    },
    [kind, label] as const,
  );
}

/** Pixels inside a chart's plot area within a colour distance of its legend entry `label`'s colour. */
async function countSeriesPixels(page: Page, kind: string, label: string): Promise<number> {
  const color = await legendColor(page, kind, label);
  return page.evaluate(
    ([k, c]) => {
      const [r, g, b] = c.match(/\d+/g)!.map(Number);
      const box = document.querySelector(`#charts [data-chart="${k}"]`)!;
      // uPlot's plot rectangle in canvas pixels: axes, labels and legend are outside it.
      type Bbox = { left: number; top: number; width: number; height: number };
      type Handle = { charts: { live: { charts: Map<string, { bbox: Bbox }> } } };
      const { dashboard } = globalThis as unknown as { dashboard: Handle };
      const { left, top, width, height } = dashboard.charts.live.charts.get(k)!.bbox;
      const canvas = box.querySelector("canvas")!;
      const data = canvas.getContext("2d")!.getImageData(left, top, width, height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          data[i + 3] > 200 &&
          Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 60
        )
          n++;
      }
      return n;
    },
    [kind, color] as const,
  );
}

/** WCAG contrast ratio of two `rgb(…)` / `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const channels = (c: string) =>
    c.startsWith("#")
      ? [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16))
      : c.match(/\d+/g)!.map(Number);
  const luminance = (c: string) => {
    const [r, g, bl] = channels(c).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const rgb = (hex: string) =>
  `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;

/** Every chart series is drawn (pixels in the plot area) and stands out from the page background. */
async function expectLegibleSeries(page: Page, minContrast: number): Promise<void> {
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  for (const [kind, label] of SERIES) {
    expect(await countSeriesPixels(page, kind, label), `${kind} ${label} series`).toBeGreaterThan(40);
    const c = contrast(await legendColor(page, kind, label), bg);
    expect(c, `${kind} ${label} contrast on ${bg}`).toBeGreaterThanOrEqual(minContrast);
  }
}

/** The fixture run's series: accuracy and loss train vs test, and the per-step loss. */
const SERIES = [
  ["accuracy", "train"],
  ["accuracy", "test"],
  ["loss", "train"],
  ["loss", "test"],
  ["step-loss", "batch loss"],
] as const;

async function legend(page: Page, kind: string): Promise<string[]> {
  return page.locator(`#charts [data-chart="${kind}"] .u-legend .u-label`).allTextContents();
}

/** Seconds of the epoch's steps per backend, printed side by side once both ran (measured, not asserted). */
const trainSeconds: Partial<Record<"webgpu" | "cpu", number>> = {};

async function trainOneEpoch(page: Page, backend: "webgpu" | "cpu") {
  await page.selectOption("#preset", "best");
  await page.fill("#epochs", "1");
  await page.fill("#train-count", "10000");
  await page.selectOption("#backend", backend);
  await page.click("#train-start");
  await page.waitForSelector('#train-status[data-state="done"], #train-status[data-state="error"]', {
    timeout: 80_000,
  });
  const status = (await page.textContent("#train-status")) ?? "";
  const accuracy = Number(await page.getAttribute("#train-status", "data-test-accuracy"));
  const used = await page.getAttribute("#backend-line", "data-backend");
  const backendLine = (await page.textContent("#backend-line")) ?? "";
  const longestTaskMs = Number(await page.getAttribute("#responsiveness", "data-longest-task-ms"));
  const longestGapMs = Number(await page.getAttribute("#responsiveness", "data-longest-frame-gap-ms"));
  const seconds = Number(await page.getAttribute("#train-status", "data-train-seconds"));
  trainSeconds[backend] = seconds;
  console.log(
    `[e2e] ${backend}: ${status} | ${backendLine} | epoch's training ${seconds.toFixed(2)} s | longest main-thread task ${longestTaskMs} ms, longest frame gap ${longestGapMs.toFixed(0)} ms`,
  );
  const { webgpu, cpu } = trainSeconds;
  if (webgpu !== undefined && cpu !== undefined) {
    console.log(
      `[e2e] one epoch of 10,000 images, training only: WebGPU ${webgpu.toFixed(2)} s, CPU ${cpu.toFixed(2)} s, WebGPU/CPU ${(webgpu / cpu).toFixed(1)}×`,
    );
  }
  return { status, accuracy, used, backendLine, longestTaskMs, longestGapMs, seconds };
}

describe("dashboard (headless Chromium, served under a sub-path)", () => {
  it("views a run from ?run=URL: charts with legends, heatmap with digits, per-class metrics, weights", async () => {
    const { page, errors } = await open("?run=../../../fixtures/run/run.jsonl");
    await page.waitForSelector("#open-status[data-state]");
    expect(
      await page.getAttribute("#open-status", "data-state"),
      (await page.textContent("#open-status")) ?? "",
    ).toBe("ok");
    await page.waitForSelector('#confusion[data-from="model"]', { timeout: 30_000 });
    // The charts of @mnist/metrics/plot, in the package's colours in the light theme (as in the CLI's report).
    await expectLegibleSeries(page, 3);
    expect(await legendColor(page, "accuracy", "train")).toBe(rgb(CHART_COLORS.train));
    expect(await legendColor(page, "accuracy", "test")).toBe(rgb(CHART_COLORS.test));
    expect(await legend(page, "accuracy")).toEqual(["epoch", "train", "test"]);
    expect(await legend(page, "loss")).toEqual(["epoch", "train", "test"]);
    expect(await legend(page, "step-loss")).toEqual(["step", "batch loss"]);
    expect(await legend(page, "lr")).toEqual(["step", "learning rate"]);
    expect(await page.locator("#charts .u-title").allTextContents()).toEqual([
      "Accuracy per epoch",
      "Loss per epoch",
      "Loss per step",
      "Learning rate",
    ]);
    expect(await page.textContent("#summary")).toContain("webgpu");
    // Legends show the latest values without hovering: the fixture's last epoch and step.
    await expect
      .poll(() => page.locator('#charts [data-chart="accuracy"] .u-legend .u-value').allTextContents())
      .toEqual(["3", "77.06%", "78.14%"]); // 0.77065 is 77.06499…% in binary
    // The smoothing slider redraws the per-step loss as a bias-corrected moving average of the log's.
    const losses = readFileSync(join(here, "fixtures/run/run.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((r) => r.type === "step")
      .map((r) => r.loss as number);
    let ema = 0;
    const smoothed = losses.map((x, i) => {
      ema = 0.9 * ema + 0.1 * x;
      return ema / (1 - 0.9 ** (i + 1));
    });
    const stepLoss = () =>
      page.evaluate(() => {
        type Handle = { charts: { live: { series: { stepLoss: number[] } } } };
        return (globalThis as unknown as { dashboard: Handle }).dashboard.charts.live.series.stepLoss;
      });
    expect(await stepLoss()).toEqual(losses);
    await page.locator("#smoothing").fill("0.9");
    const drawn = await stepLoss();
    expect(drawn.length).toBe(losses.length);
    for (const [i, v] of drawn.entries()) expect(v).toBeCloseTo(smoothed[i], 12);
    expect(await page.textContent("#smoothing-value")).toBe("0.90");
    await page.locator("#smoothing").fill("0");
    expect(await stepLoss()).toEqual(losses);
    // The log-scale toggle rebuilds the per-step loss on a base-10 axis (labels at 1, 2, 5 × 10^k
    // only), with all its points, and back.
    const linearTicks = await chartTicks(page, "step-loss", 1);
    expect(linearTicks.distr).toBe(1);
    await page.locator("#log-scale").check();
    await expect.poll(async () => (await chartTicks(page, "step-loss", 1)).distr).toBe(3);
    await expect.poll(async () => (await chartTicks(page, "step-loss", 1)).labels.length).toBeGreaterThan(0);
    const logTicks = (await chartTicks(page, "step-loss", 1)).labels;
    const labelled = logTicks.filter((v) => v !== "");
    expect(labelled.length, logTicks.join(" ")).toBeGreaterThanOrEqual(2);
    for (const v of labelled) expect([1, 2, 5], v).toContain(Number(Number(v).toExponential().split("e")[0]));
    expect(
      labelled.some((v) => Number.isInteger(Math.log10(Number(v)))),
      labelled.join(" "),
    ).toBe(true);
    expect(await stepLoss()).toEqual(losses);
    await page
      .locator('#charts [data-chart="step-loss"]')
      .screenshot({ path: join(artifacts, "step-loss-log.png") });
    await page.locator("#log-scale").uncheck();
    await expect.poll(async () => (await chartTicks(page, "step-loss", 1)).distr).toBe(1);
    await expect
      .poll(async () => (await chartTicks(page, "step-loss", 1)).labels)
      .toEqual(linearTicks.labels);
    // 10 × 10 cells; the tutorial's weakest class is 5, most often taken for a 3.
    expect(await page.locator("#confusion button").count()).toBe(100);
    const cell = page.locator('#confusion button[data-t="5"][data-p="3"]');
    const count = Number(await cell.textContent());
    expect(count).toBeGreaterThan(0);
    await cell.click();
    expect(await page.locator("#cell-digits canvas").count()).toBe(Math.min(120, count));
    expect(await page.textContent("#cell-digits h4")).toContain("misclassified as 3");
    expect(await page.locator("#per-class tbody tr").count()).toBe(10);
    // F1 as report.html shows it: a percentage with two decimals, per class and macro-averaged.
    expect(await page.locator("#per-class thead th").allTextContents()).toEqual([
      "class",
      "precision",
      "recall",
      "F1",
      "support",
    ]);
    // (A class the 3-epoch model never predicts has no precision, hence no F1: "–", as report.html.)
    const f1s = await page.locator("#per-class tbody td:nth-of-type(3)").allTextContents();
    for (const f1 of f1s) expect(f1).toMatch(/^(\d{1,3}\.\d\d%|–)$/);
    expect(f1s.filter((f) => f !== "–").length).toBeGreaterThanOrEqual(8);
    expect(await page.locator("#per-class tfoot th").textContent()).toBe("macro");
    expect((await page.locator("#per-class tfoot td").allTextContents()).at(-1)).toBe("10000");
    // The corner names both axes.
    expect(await page.textContent("#confusion .corner")).toBe("true \\ predicted");
    // The summary: null settings (limit, dataDir) left out; the start in local, readable time.
    const summary = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll("#summary dt")].map((dt) => [
          dt.textContent,
          dt.nextElementSibling?.textContent,
        ]),
      ),
    );
    expect(summary.Config).toContain("lr 0.05");
    expect(summary.Config).not.toMatch(/null|limit|dataDir/);
    const started = await page.evaluate(() =>
      new Date("2026-11-27T20:19:38.916Z").toLocaleString(undefined, {
        dateStyle: "medium",
        timeStyle: "medium",
      }),
    );
    expect(summary.Started).toBe(started);
    expect(summary.Started).not.toContain("T20:19");
    expect(summary["Final accuracy"]).toMatch(/^train \d+\.\d\d%, test \d+\.\d\d%$/);
    expect(await page.locator("#weights canvas").count()).toBe(10);
    await shot(page, "viewer-desktop-light");
    await page.locator("#charts").screenshot({ path: join(artifacts, "viewer-desktop-light-charts.png") });
    expect(await page.textContent("#theme-toggle")).toBe("Switch to dark theme");
    await page.click("#theme-toggle");
    // The button names the theme it switches to.
    expect(await page.textContent("#theme-toggle")).toBe("Switch to light theme");
    // Redrawn in lifted colours that read on the dark background.
    await expectLegibleSeries(page, 4.5);
    await shot(page, "viewer-desktop-dark");
    await page.locator("#charts").screenshot({ path: join(artifacts, "viewer-desktop-dark-charts.png") });
    expect(errors).toEqual([]);
  });

  it("opens a run log and model with the file picker, at 360 px in the dark theme", async () => {
    const { page, errors } = await open("", 360, "dark");
    // Before any data: the empty-state note, and every chart's axes with tick labels (uPlot draws no
    // axes for an unranged scale).
    expect(await page.getAttribute("#charts", "data-empty")).toBe("true");
    for (const kind of ["accuracy", "loss", "step-loss", "lr"]) {
      await expect
        .poll(async () => (await chartTicks(page, kind, 0)).labels, { message: `${kind} x` })
        .toEqual(["0", "1"]);
      expect((await chartTicks(page, kind, 1)).labels.length, `${kind} y`).toBeGreaterThanOrEqual(3);
    }
    expect((await chartTicks(page, "accuracy", 1)).labels.at(-1)).toBe("100%");
    await page.locator("#results").screenshot({ path: join(artifacts, "empty-360-dark-results.png") });
    await page.setInputFiles("#run-files", [
      join(here, "fixtures/run/run.jsonl"),
      join(here, "fixtures/run/model.safetensors"),
    ]);
    await page.waitForSelector('#confusion[data-from="model"]', { timeout: 30_000 });
    expect(await page.textContent("#open-status")).toMatch(/run\.jsonl: \d+ records/);
    await expectLegibleSeries(page, 4.5);
    await shot(page, "viewer-360-dark");
    for (const id of ["train", "results", "draw"]) {
      await page.locator(`#${id}`).screenshot({ path: join(artifacts, `viewer-360-dark-${id}.png`) });
    }
    await page.click("#theme-toggle");
    await expectLegibleSeries(page, 3);
    await shot(page, "viewer-360-light");
    await page.locator("#results").screenshot({ path: join(artifacts, "viewer-360-light-results.png") });
    const overflow = await page.evaluate(() => {
      const wide = [...document.querySelectorAll<HTMLElement>("body *")].filter(
        (e) => e.getBoundingClientRect().right > window.innerWidth + 0.5,
      );
      return wide.map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`).slice(0, 5);
    });
    expect(overflow, "elements wider than 360 px").toEqual([]);
    expect(errors).toEqual([]);
  });

  it("trains one epoch on 10,000 images on WebGPU in a worker and reaches > 80% test accuracy", async () => {
    const { page, errors } = await open();
    const r = await trainOneEpoch(page, "webgpu");
    expect(r.used, r.status).toBe("webgpu");
    expect(r.backendLine).toMatch(/adapter: .*SwiftShader/i);
    expect(r.accuracy).toBeGreaterThan(0.8);
    expect(r.seconds, "the epoch's training seconds on the status").toBeGreaterThan(0);
    expect(await countSeriesPixels(page, "step-loss", "batch loss")).toBeGreaterThan(20);
    await page.waitForSelector('#confusion[data-from="model"]', { timeout: 30_000 });
    await shot(page, "train-webgpu-desktop");
    expect(errors).toEqual([]);
  });

  it("falls back to the CPU backend when asked, reaches > 80%, and predicts a drawn stroke", async () => {
    const { page, errors } = await open("", 1280, "dark");
    const r = await trainOneEpoch(page, "cpu");
    expect(r.used, r.status).toBe("cpu");
    expect(r.backendLine).toContain("cpu (requested)");
    expect(r.accuracy).toBeGreaterThan(0.8);
    expect(r.seconds, "the epoch's training seconds on the status").toBeGreaterThan(0);
    expect(r.longestTaskMs).toBeLessThan(200);

    const canvas = page.locator("#draw-canvas");
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(box.x + box.width * (0.5 - i * 0.004), box.y + box.height * (0.15 + i * 0.06));
    }
    await page.mouse.up();
    await page.waitForSelector("#draw-prediction[data-digit]");
    const digit = await page.getAttribute("#draw-prediction", "data-digit");
    const inputInk = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>("#draw-input")!;
      const d = c.getContext("2d")!.getImageData(0, 0, 28, 28).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] > 0) ink++;
      return ink;
    });
    expect(inputInk).toBeGreaterThan(20);
    expect(digit).toBe("1");
    await page.locator("#draw").screenshot({ path: join(artifacts, "draw-desktop-dark.png") });
    await shot(page, "train-cpu-desktop-dark");
    expect(errors).toEqual([]);
  });

  it("stops, resumes from the last finished epoch, and downloads the model and the run log", async () => {
    const { page, errors } = await open();
    await page.selectOption("#preset", "tutorial");
    await page.fill("#epochs", "3");
    await page.fill("#train-count", "20000");
    await page.selectOption("#backend", "cpu");
    // Press Stop in the same task that reports epoch 1. The worker reports epoch 2 only after the page
    // acknowledges epoch 1, which it does after this observer has run: the Stop always arrives first,
    // however far the page lags the worker, so the run stops after epoch 1. To prove it, the page is
    // made to lag: its main thread is blocked for 3 s when training starts, long enough for the worker
    // to train all three epochs (and finish, were it not waiting for the page).
    await page.evaluate(() => {
      const status = document.querySelector("#train-status")!;
      let lagged = false;
      new MutationObserver((_, observer) => {
        const text = status.textContent ?? "";
        if (!lagged && /^Training/.test(text)) {
          lagged = true;
          const until = performance.now() + 3000;
          while (performance.now() < until) {}
        }
        if (/Epoch 1 of 3/.test(text)) {
          observer.disconnect();
          // What the summary says of a run still training, read before it is stopped.
          Object.assign(globalThis, {
            summaryWhileTraining: document.querySelector("#summary")?.textContent,
          });
          document.querySelector<HTMLButtonElement>("#train-stop")!.click();
        }
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
    await page.click("#train-start");
    await page.waitForSelector('#train-status[data-state="stopped"]', { timeout: 60_000 });
    expect(await page.textContent("#train-status")).toContain("Stopped after epoch 1 of 3");
    // Training, the latest epoch is not called final; stopped, it is the last one there is.
    const whileTraining = await page.evaluate(
      () => (globalThis as unknown as { summaryWhileTraining: string }).summaryWhileTraining,
    );
    expect(whileTraining).toMatch(/Epochs1 of 3Latest accuracy \(still training\)train \d/);
    expect(whileTraining).not.toContain("Final accuracy");
    const stopped = await page.textContent("#summary");
    expect(stopped).toMatch(/Epochs1Last accuracytrain \d/);
    await page.click("#train-resume");
    await page.waitForSelector('#train-status[data-state="done"]', { timeout: 60_000 });
    expect(await page.textContent("#summary")).toMatch(/Epochs3Final accuracytrain \d/);
    const [model] = await Promise.all([page.waitForEvent("download"), page.click("#download-model")]);
    const bytes = readFileSync((await model.path())!);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8"));
    expect(header.weight).toMatchObject({ dtype: "F32", shape: [10, 784] });
    expect(header.bias).toMatchObject({ dtype: "F32", shape: [10] });
    const [log] = await Promise.all([page.waitForEvent("download"), page.click("#download-log")]);
    const records = readFileSync((await log.path())!, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records[0].type).toBe("run-start");
    expect(records.filter((r) => r.type === "epoch").map((r) => r.epoch)).toEqual([1, 2, 3]);
    const steps = records.filter((r) => r.type === "step").map((r) => r.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(steps).size).toBe(steps.length);
    expect(records.at(-1).type).toBe("run-end");
    expect(errors).toEqual([]);
  });
});
