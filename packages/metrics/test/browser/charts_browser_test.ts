/**
 * The charts as a user sees them: the SVG charts, the HTML report (from file://, offline) and the live
 * uPlot charts are rendered in headless Chromium, screenshotted into test-artifacts/, and checked for
 * what is drawn — series colours inside the plot area, axis labels, legends, point counts, cursor
 * values — not only for the absence of exceptions. Never skipped: without Chromium it fails and says so.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleTestPage } from "../../../../tools/testing/bundle.ts";
import { launchChromium } from "../../../../tools/testing/chromium.ts";
import { sampleRun } from "../../src/_test_fixtures.ts";
import { UPLOT_CSS } from "../../src/report/_uplot_assets.ts";
import { renderReportHtml } from "../../src/report/mod.ts";
import type { RunLogRecord } from "../../src/run_log.ts";
import { CHART_COLORS } from "../../src/run_series.ts";
import { plotArea, renderAccuracySvg, renderLossSvg } from "../../src/svg/mod.ts";
import { DARK } from "./_test_theme.ts";
import type { LiveResults } from "./plot_page.ts";
import type { ScaleResults } from "./scale_page.ts";
import type { ThemeResults } from "./theme_page.ts";

const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

let browser: Browser;
const records = sampleRun(10, 60);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function newPage(
  width: number,
  height: number,
): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  return { page, errors, requests };
}

/**
 * Counts, inside `rect` of a PNG screenshot, the pixels within a small distance of each colour. The PNG
 * is decoded by the browser itself.
 */
async function countColours(page: Page, png: Buffer, rect: Rect, colours: string[]): Promise<number[]> {
  return page.evaluate(
    async ({ b64, rect, colours }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const img = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const ctx = new OffscreenCanvas(img.width, img.height).getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(
        Math.round(rect.x),
        Math.round(rect.y),
        Math.round(rect.width),
        Math.round(rect.height),
      );
      const rgb = colours.map((c) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16)));
      const counts = colours.map(() => 0);
      for (let p = 0; p < data.length; p += 4) {
        rgb.forEach(([r, g, b], k) => {
          if (Math.abs(data[p] - r) + Math.abs(data[p + 1] - g) + Math.abs(data[p + 2] - b) < 48) counts[k]++;
        });
      }
      return counts;
    },
    { b64: png.toString("base64"), rect, colours },
  );
}

describe("SVG charts in Chromium", () => {
  for (const [name, svg, yLabel] of [
    ["accuracy", renderAccuracySvg(records), "accuracy"],
    ["loss", renderLossSvg(records), "mean loss"],
  ] as const) {
    it(`${name}.svg shows train and test in the plot area, labelled axes and ten points each`, async () => {
      const file = `${ARTIFACTS}${name}.svg`;
      writeFileSync(file, svg);
      const { page, errors, requests } = await newPage(640, 400);
      await page.goto(pathToFileURL(file).href);
      const png = await page.screenshot({ path: `${ARTIFACTS}${name}-svg.png` });
      const [train, test] = await countColours(page, png, plotArea(640, 400), [
        CHART_COLORS.train,
        CHART_COLORS.test,
      ]);
      expect(train, "train-coloured pixels in the plot area").toBeGreaterThan(400);
      expect(test, "test-coloured pixels in the plot area").toBeGreaterThan(400);
      const drawn = await page.evaluate(() => {
        const box = (sel: string) => document.querySelector(sel)?.getBoundingClientRect();
        const text = (sel: string) => document.querySelector(sel)?.textContent;
        return {
          x: text('[data-role="x-label"]'),
          y: text('[data-role="y-label"]'),
          xBox: box('[data-role="x-label"]'),
          yBox: box('[data-role="y-label"]'),
          legend: [...document.querySelectorAll('[data-role="legend"] text')].map((t) => t.textContent),
          points: ["train", "test"].map(
            (s) => document.querySelectorAll(`g[data-series="${s}"] circle`).length,
          ),
        };
      });
      expect(drawn.x).toBe("epoch");
      expect(drawn.y).toBe(yLabel);
      for (const b of [drawn.xBox!, drawn.yBox!]) {
        expect(b.width * b.height).toBeGreaterThan(0);
        expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= 640 && b.y + b.height <= 400).toBe(true);
      }
      expect(drawn.legend).toEqual(["train", "test"]);
      expect(drawn.points).toEqual([10, 10]);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });
  }
});

async function openReport(html: string, name: string) {
  const file = `${ARTIFACTS}${name}.html`;
  writeFileSync(file, html);
  const opened = await newPage(1280, 900);
  await opened.page.goto(pathToFileURL(file).href);
  await opened.page
    .waitForFunction(() => "mnistReport" in window, null, { timeout: 10_000 })
    .catch(() => {
      throw new Error(`Cannot load ${name}.html: ${opened.errors.join(" | ") || "no mnistReport on window"}`);
    });
  return opened;
}

describe("HTML report in Chromium from file://", () => {
  it("draws the four uPlot charts with labelled axes, legends, all points and cursor values, offline", async () => {
    const { page, errors, requests } = await openReport(
      renderReportHtml(records, { source: "runs/test" }),
      "report",
    );
    const charts = await page.evaluate(() =>
      (window as unknown as { mnistReport: { charts: import("uplot")[] } }).mnistReport.charts.map((u) => ({
        x: u.axes[0].label,
        y: u.axes[1].label,
        points: u.data[0].length,
        legend: [...u.root.querySelectorAll(".u-legend .u-label")].map((e) => e.textContent),
      })),
    );
    expect(charts).toEqual([
      { x: "epoch", y: "accuracy", points: 10, legend: ["epoch", "train", "test"] },
      { x: "epoch", y: "mean loss", points: 10, legend: ["epoch", "train", "test"] },
      { x: "step", y: "batch loss", points: 600, legend: ["step", "batch loss"] },
      { x: "step", y: "learning rate", points: 600, legend: ["step", "learning rate"] },
    ]);
    await page.screenshot({ path: `${ARTIFACTS}report.png`, fullPage: true });

    const accuracy = page.locator('[data-chart="accuracy"] .uplot');
    const over = await page.locator('[data-chart="accuracy"] .u-over').boundingBox();
    const root = await accuracy.boundingBox();
    const png = await accuracy.screenshot({ path: `${ARTIFACTS}report-accuracy.png` });
    const rect = { x: over!.x - root!.x, y: over!.y - root!.y, width: over!.width, height: over!.height };
    const [train, test] = await countColours(page, png, rect, [CHART_COLORS.train, CHART_COLORS.test]);
    expect(train, "train-coloured pixels in the plot area").toBeGreaterThan(400);
    expect(test, "test-coloured pixels in the plot area").toBeGreaterThan(400);

    // Cursor values: hovering the last epoch shows both accuracies in the legend.
    await page.mouse.move(over!.x + over!.width - 2, over!.y + over!.height / 2);
    const values = await page.locator('[data-chart="accuracy"] .u-legend .u-value').allTextContents();
    expect(values).toEqual(["10", "86.80%", "89.00%"]); // epoch 10 of sampleRun: 0.88 − 0.012, 0.9 − 0.01
    await accuracy.screenshot({ path: `${ARTIFACTS}report-accuracy-cursor.png` });
    expect(errors).toEqual([]);
    expect(requests, "the report must not load anything").toEqual([]);
    await page.close();
  });

  it("shows hostile strings from the log as text, without running or inserting them", async () => {
    const evil = `</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">`;
    const hostile: RunLogRecord[] = [
      { ...(records[0] as object), config: { [evil]: evil }, backend: evil } as RunLogRecord,
      ...records.slice(1, 30),
      { type: "error", time: "2024-05-01T12:00:01.000Z", message: evil },
    ];
    const { page, errors } = await openReport(renderReportHtml(hostile, { title: evil }), "report-hostile");
    const state = await page.evaluate(() => ({
      pwned: (window as { pwned?: number }).pwned,
      images: document.querySelectorAll("img").length,
      scripts: document.querySelectorAll("script").length,
      title: document.querySelector("h1")?.textContent,
      charts: document.querySelectorAll(".uplot").length,
    }));
    expect(state).toEqual({ pwned: undefined, images: 0, scripts: 3, title: evil, charts: 4 });
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}report-hostile.png`, fullPage: true });
    await page.close();
  });
});

/** The plot rectangle (`.u-over`) of a chart, relative to the element `root` that is screenshotted. */
async function plotRect(page: Page, root: string, over: string): Promise<Rect> {
  const o = (await page.locator(over).boundingBox())!;
  const r = (await page.locator(root).boundingBox())!;
  return { x: o.x - r.x, y: o.y - r.y, width: o.width, height: o.height };
}

/** A blank page with uPlot's CSS running the bundled test page `name`, once it has set `ready` on globalThis. */
async function openPlotPage(name: string, width: number, height: number, ready: string) {
  const code = await bundleTestPage(fileURLToPath(new URL(`./${name}`, import.meta.url)));
  const opened = await newPage(width, height);
  await opened.page.setContent(`<!doctype html><style>${UPLOT_CSS}</style><body></body>`);
  await opened.page.addScriptTag({ content: code, type: "module" });
  await opened.page.waitForFunction((key) => key in globalThis, ready, { timeout: 10_000 });
  return opened;
}

describe("./plot live charts in Chromium", () => {
  it("redraws each chart at most once per animation frame however many records arrive", async () => {
    const { page, errors } = await openPlotPage("plot_page.ts", 700, 1400, "__live");
    const r = await page.evaluate(() => (globalThis as unknown as { __live: Promise<LiveResults> }).__live);
    // The burst (all but the last 60 records, appended synchronously): one frame, one redraw per chart.
    expect(r.redrawsAfterBurst).toBe(4);
    // Then 57 steps and an epoch, one per frame: 2 charts per step, 2 for the epoch.
    expect(r.redrawsAfterFrames - r.redrawsAfterBurst).toBe(57 * 2 + 2);
    expect(r.framesRequested).toBe(1 + 58);
    expect(r.drawHooks).toBeLessThanOrEqual(r.redrawsAfterFrames + 4);
    expect(r.points).toEqual({ accuracy: 10, loss: 10, "step-loss": 600, lr: 600 });
    expect(r.xLegends).toEqual({ accuracy: "epoch", loss: "epoch", "step-loss": "step", lr: "step" });
    const png = await page.locator("#live").screenshot({ path: `${ARTIFACTS}plot-live.png` });
    const rect = await plotRect(page, "#live", '[data-chart="accuracy"] .u-over');
    const [train, test] = await countColours(page, png, rect, [CHART_COLORS.train, CHART_COLORS.test]);
    expect(train).toBeGreaterThan(400);
    expect(test).toBeGreaterThan(400);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws in the theme given at creation, larger points for very few, and switches theme and resets", async () => {
    const { page, errors } = await openPlotPage("theme_page.ts", 600, 700, "__darkDrawn");
    // One epoch: a single point per series, drawn as a large marker (a 7 px one fills about 16 pixels)
    // in the theme's series colour.
    const png = await page.locator("#themed").screenshot({ path: `${ARTIFACTS}plot-dark-one-epoch.png` });
    const rect = await plotRect(page, "#themed", '#themed [data-chart="accuracy"] .u-over');
    const [train, test, lightTrain] = await countColours(page, png, rect, [
      DARK.series.train,
      DARK.series.test,
      CHART_COLORS.train,
    ]);
    expect(train, "dark-theme train marker pixels").toBeGreaterThan(28);
    expect(test, "dark-theme test marker pixels").toBeGreaterThan(28);
    expect(lightTrain, "no light-theme train pixels").toBe(0);
    await page.evaluate(() => (globalThis as unknown as { __continue: () => void }).__continue());
    const r = await page.evaluate(
      () => (globalThis as unknown as { __themed: Promise<ThemeResults> }).__themed,
    );
    const rgb = (hex: string) =>
      `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
    expect(r.dark).toEqual({
      pointSizes: [11, 11],
      seriesStrokes: [DARK.series.train, DARK.series.test],
      markerColors: [rgb(DARK.series.train), rgb(DARK.series.test)],
      axisStroke: DARK.text,
      gridStroke: DARK.grid,
      titleColor: rgb(DARK.text),
    });
    expect(r.light).toMatchObject({
      pointSizes: [11, 11],
      seriesStrokes: [CHART_COLORS.train, CHART_COLORS.test],
      markerColors: [rgb(CHART_COLORS.train), rgb(CHART_COLORS.test)],
      axisStroke: "#444",
      gridStroke: "#e6e6e6",
    });
    // After reset the learning-rate chart is empty and per epoch again (steps had switched it to "step").
    expect(r.afterReset).toEqual({ points: 0, lrLabel: "epoch" });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws axes and grid before any data, and switches the per-step loss to a log scale and back", async () => {
    const { page, errors } = await openPlotPage("scale_page.ts", 700, 1100, "__emptyDrawn");
    const png = await page.locator("#scales").screenshot({ path: `${ARTIFACTS}plot-empty.png` });
    const rect = await plotRect(page, "#scales", '#scales [data-chart="loss"] .u-over');
    const [grid] = await countColours(page, png, rect, ["#e6e6e6"]);
    // Grid lines across the empty plot area: at least two full-width lines of the 600 px chart.
    expect(grid, "grid pixels in the empty plot area").toBeGreaterThan(800);
    await page.evaluate(() => (globalThis as unknown as { __continue: () => void }).__continue());
    await page.waitForFunction(() => "__logDrawn" in globalThis);
    await page.locator('#scales [data-chart="step-loss"]').screenshot({ path: `${ARTIFACTS}plot-log.png` });
    await page.evaluate(() => (globalThis as unknown as { __continue: () => void }).__continue());
    const r = await page.evaluate(
      () => (globalThis as unknown as { __scales: Promise<ScaleResults> }).__scales,
    );
    for (const [kind, t] of Object.entries(r.empty)) {
      expect(t.x, `${kind} x ticks before data`).toEqual(["0", "1"]);
      expect(t.y.length, `${kind} y ticks before data`).toBeGreaterThanOrEqual(3);
    }
    expect(r.empty.accuracy.y[0]).toBe("0%");
    expect(r.empty.accuracy.y.at(-1)).toBe("100%");
    expect([Number(r.empty.loss.y[0]), Number(r.empty.loss.y.at(-1))]).toEqual([0, 1]);
    // Log: the axis spans whole decades (0.01…0.1 for this loss), labelled at 1, 2 and 5 × 10^k,
    // the other ticks blank; linear again after.
    expect(r.log.distr).toBe(3);
    expect(r.log.points).toBe(600);
    expect(r.log.y.filter((v) => v !== "")).toEqual(["0.01", "0.02", "0.05", "0.1"]);
    expect(r.log.y.length).toBeGreaterThan(4);
    expect(r.linear.distr).toBe(1);
    expect(r.linear.points).toBe(600);
    expect(r.linear.y.every((v) => v !== "")).toBe(true);
    expect(r.linear.y).not.toEqual(r.log.y);
    expect(errors).toEqual([]);
    await page.close();
  });
});
