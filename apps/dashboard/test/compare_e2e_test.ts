/**
 * The comparison view in real headless Chromium: two real CLI runs (lr 0.05 and 0.5 on 10,000 MNIST
 * images, `test/fixtures/compare/`) opened with `?run=A&run=B` and with the file picker. Screenshots
 * at desktop and 360 px, light and dark, land in `test-artifacts/` (git-ignored).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMPARE_COLORS, parseRunLog, type RunEndRecord } from "@mnist/metrics";
import { launchChromium } from "@mnist/tools/testing/chromium";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, serveStatic } from "./static_server.ts";

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, "..");
const dist = join(app, "dist");
const artifacts = join(app, "test-artifacts");
const SUB = "/some/sub-path/dashboard/";
const RUNS = ["lr-0.05", "lr-0.5"];
const logPath = (name: string) => join(here, "fixtures/compare", name, "run.jsonl");
const QUERY = `?${RUNS.map((r) => `run=../../../fixtures/compare/${r}/run.jsonl`).join("&")}`;

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
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

async function open(query: string, width = 1280, colorScheme: "light" | "dark" = "light") {
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

/** The run-end record of a fixture run: the numbers the page must show. */
function finalOf(name: string): RunEndRecord {
  const log = parseRunLog(readFileSync(logPath(name), "utf8"));
  return log.records.find((r): r is RunEndRecord => r.type === "run-end")!;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** Legend labels of a comparison chart. */
function legendLabels(page: Page, kind: string): Promise<string[]> {
  return page.$$eval(`#compare-charts [data-chart="${kind}"] .u-legend .u-series .u-label`, (els) =>
    els.map((e) => e.textContent ?? ""),
  );
}

/** Pixels in a comparison chart's plot area within a small distance of `hex`. */
function pixelsOf(page: Page, kind: string, hex: string): Promise<number> {
  return page.evaluate(
    ([k, c]) => {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));
      type Handle = {
        compare: {
          charts: Map<string, { bbox: { left: number; top: number; width: number; height: number } }>;
        };
      };
      const { dashboard } = globalThis as unknown as { dashboard: Handle };
      const { left, top, width, height } = dashboard.compare.charts.get(k)!.bbox;
      const canvas = document.querySelector(
        `#compare-charts [data-chart="${k}"] canvas`,
      ) as HTMLCanvasElement;
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
    [kind, hex] as const,
  );
}

async function shot(page: Page, name: string): Promise<void> {
  await page.locator("#compare").screenshot({ path: join(artifacts, `${name}.png`), animations: "disabled" });
}

describe("comparing runs", () => {
  it("opens ?run=A&run=B side by side: overlaid charts, legends with last values, the differing lr row highlighted", async () => {
    const { page, errors } = await open(QUERY);
    await page.waitForSelector("#compare:not([hidden]) #compare-config tbody tr");
    expect(await page.textContent("#compare-title")).toBe("Comparison of 2 runs");
    expect(await page.textContent("#open-status")).toBe("Comparing lr-0.05, lr-0.5.");
    const [a, b] = RUNS.map(finalOf);

    // Legends name both runs and end in each series' last value, without hovering.
    const labels = await legendLabels(page, "accuracy");
    expect(labels.filter((l) => l !== "epoch")).toEqual([
      `lr-0.05 train ${pct(a.trainAccuracy!)}`,
      `lr-0.05 test ${pct(a.testAccuracy)}`,
      `lr-0.5 train ${pct(b.trainAccuracy!)}`,
      `lr-0.5 test ${pct(b.testAccuracy)}`,
    ]);
    expect(await legendLabels(page, "loss")).toContain(`lr-0.5 test ${Number(b.testLoss!.toPrecision(5))}`);
    // Both runs are drawn, each in its own colour, in both charts.
    for (const kind of ["accuracy", "loss"]) {
      for (const color of COMPARE_COLORS.slice(0, 2)) {
        expect(await pixelsOf(page, kind, color), `${kind} ${color}`).toBeGreaterThan(50);
      }
    }
    // The test series are dashed, the train series solid.
    const dashes = await page.evaluate(() => {
      type Handle = { compare: { charts: Map<string, { series: { dash?: number[] }[] }> } };
      const { dashboard } = globalThis as unknown as { dashboard: Handle };
      return dashboard.compare.charts
        .get("accuracy")!
        .series.slice(1)
        .map((s) => Boolean(s.dash));
    });
    expect(dashes).toEqual([false, true, false, true]);

    // The configuration table highlights lr, and only settings that differ.
    const lr = page.locator('#compare-config tr[data-key="lr"]');
    expect(await lr.getAttribute("class")).toBe("differs");
    expect(await lr.locator("td").allTextContents()).toEqual(["0.05", "0.5"]);
    expect(
      await page.$$eval("#compare-config tr.differs", (rows) =>
        rows.map((r) => (r as HTMLElement).dataset.key),
      ),
    ).toEqual(["lr"]);
    const background = (sel: string) => page.$eval(sel, (e) => getComputedStyle(e).backgroundColor);
    expect(await background('#compare-config tr[data-key="lr"] td')).not.toBe(
      await background('#compare-config tr[data-key="loss"] td'),
    );
    expect(await page.textContent("#compare-config-note")).toBe("1 setting differs (highlighted, marked ≠).");

    // Final metrics side by side, the best marked.
    const row = page.locator('#compare-finals tr[data-metric="final test accuracy"] td');
    expect(await row.allTextContents()).toEqual([pct(a.testAccuracy), pct(b.testAccuracy)]);
    expect(await row.nth(b.testAccuracy > a.testAccuracy ? 1 : 0).getAttribute("class")).toBe("best");
    expect(await page.isHidden("#compare-note")).toBe(true);

    await shot(page, "compare-desktop-light");
    expect(errors).toEqual([]);
  });

  it("compares two run.jsonl files chosen together, naming them by their place", async () => {
    const { page, errors } = await open("");
    await page.setInputFiles("#run-files", RUNS.map(logPath));
    await page.waitForSelector("#compare:not([hidden]) #compare-config tbody tr");
    expect(
      await page.$$eval("#compare-runs li", (lis) => lis.map((l) => (l as HTMLElement).dataset.run)),
    ).toEqual(["run 1", "run 2"]);
    expect(await page.locator('#compare-config tr[data-key="lr"]').getAttribute("data-differs")).toBe("true");
    expect(errors).toEqual([]);
  });

  it("reads at 360 px and in the dark theme (screenshots)", async () => {
    for (const [width, scheme] of [
      [1280, "dark"],
      [360, "light"],
      [360, "dark"],
    ] as const) {
      const { page, errors } = await open(QUERY, width, scheme);
      await page.waitForSelector("#compare:not([hidden]) #compare-config tbody tr");
      // Nothing but the tables' own scroll boxes may be wider than the page.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      expect(overflow, `${width} ${scheme}`).toBeLessThanOrEqual(0);
      for (const u of ["accuracy", "loss"]) {
        const box = await page.locator(`#compare-charts [data-chart="${u}"] canvas`).first().boundingBox();
        expect(box!.width, `${u} chart at ${width}`).toBeLessThanOrEqual(width);
      }
      await shot(page, `compare-${width === 360 ? "360" : "desktop"}-${scheme}`);
      expect(errors).toEqual([]);
    }
  });
});
