/**
 * End-to-end: explanations of predictions in real headless Chromium. A fixture run (log + model) is
 * opened with `?run=`; a confusion cell's gallery is sorted by confidence, a thumbnail opens its
 * explanation, and the numbers shown must add up (bias + Σ contributions = logit, probabilities sum
 * to one, the highlighted class has the top logit). The draw panel explains a test digit. Screenshots
 * at 360 px and desktop, light and dark, land in `test-artifacts/`.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@mnist/tools/testing/chromium";
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, serveStatic } from "./static_server.ts";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const artifacts = join(here, "..", "test-artifacts");

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(
      `Cannot run the end-to-end tests: ${dist}/index.html is missing, expected a build (pnpm build)`,
    );
  }
  mkdirSync(artifacts, { recursive: true });
  server = await serveStatic({ "/dashboard/": dist, "/fixtures/": join(here, "fixtures") });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(width: number, colorScheme: "light" | "dark") {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(`${server.origin}/dashboard/?run=../fixtures/run/run.jsonl`);
  await page.waitForSelector('#confusion[data-from="model"]', { timeout: 60_000 });
  return { page, errors, close: () => context.close() };
}

interface Row {
  cls: string;
  role: string;
  bias: number;
  sum: number;
  logit: number;
  probability: number;
}

/** The breakdown table as shown (the numbers are read back from the text, 4 decimals). */
async function breakdown(panel: Locator): Promise<Row[]> {
  return panel.locator(".explain-table tbody tr").evaluateAll((rows) =>
    rows.map((tr) => {
      const text = (sel: string) => tr.querySelector(sel)?.textContent ?? "";
      return {
        cls: (tr as HTMLElement).dataset.class ?? "",
        role: tr.className,
        bias: Number(text(".bias")),
        sum: Number(text(".sum")),
        logit: Number(text(".logit")),
        probability: Number(text(".probability").replace("%", "")) / 100,
      };
    }),
  );
}

/** The shown numbers add up, and the highlighted rows are the top two logits. */
function expectConsistent(rows: Row[], classes: number): void {
  expect(rows).toHaveLength(classes);
  for (const r of rows) {
    // Three numbers each rounded to 4 decimals: their sum may be off by 1.5e-4.
    expect(Math.abs(r.bias + r.sum - r.logit), JSON.stringify(r)).toBeLessThanOrEqual(1.5e-4);
  }
  const total = rows.reduce((s, r) => s + r.probability, 0);
  expect(Math.abs(total - 1)).toBeLessThanOrEqual(classes * 5e-5 + 1e-9);
  const byLogit = [...rows].sort((a, b) => b.logit - a.logit);
  expect(byLogit[0].role).toBe("predicted");
  expect(byLogit[1].role).toBe("runner-up");
  expect(rows.filter((r) => r.role !== "").length).toBe(2);
  // Softmax: the probabilities follow from the logits shown.
  const max = byLogit[0].logit;
  const z = rows.reduce((s, r) => s + Math.exp(r.logit - max), 0);
  for (const r of rows) expect(r.probability).toBeCloseTo(Math.exp(r.logit - max) / z, 3);
}

/** Two maps on one scale: the canvases are drawn and differ from each other. */
async function expectMaps(panel: Locator): Promise<void> {
  const pixels = await panel.locator(".explain-maps canvas").evaluateAll((canvases) =>
    canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      return Array.from(data).join(",");
    }),
  );
  expect(pixels).toHaveLength(3);
  expect(pixels[1]).not.toBe(pixels[2]);
  expect(await panel.locator(".explain-legend .ramp").count()).toBe(1);
  const ends = await panel.locator(".explain-legend span:not(.ramp):not(.hint)").allTextContents();
  expect(ends).toHaveLength(2);
  expect(ends[0]).toMatch(/^−\d/);
  expect(ends[1]).toBe(`+${ends[0].slice(1)}`);
}

describe("explanations of predictions (headless Chromium)", () => {
  it("opens a misclassified thumbnail's explanation from a confusion cell sorted by confidence", async () => {
    for (const [width, scheme] of [
      [1280, "light"],
      [1280, "dark"],
      [360, "light"],
      [360, "dark"],
    ] as const) {
      const { page, errors, close } = await open(width, scheme);
      const cell = page.locator('#confusion button[data-t="5"][data-p="3"]');
      const count = Number(await cell.textContent());
      expect(count).toBeGreaterThan(1);
      await cell.click();
      const thumbs = page.locator("#cell-digits button.thumb");
      expect(await thumbs.count()).toBe(Math.min(120, count));
      const confidences = async () =>
        (await thumbs.evaluateAll((bs) =>
          bs.map((b) => Number((b as HTMLElement).dataset.confidence)),
        )) as number[];
      const ascending = await confidences();
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      expect(ascending.every((c) => c > 0 && c < 1)).toBe(true);
      expect(await thumbs.first().textContent()).toBe(`${(ascending[0] * 100).toFixed(1)}%`);
      await page.selectOption("#cell-sort", "descending");
      const descending = await confidences();
      expect(descending).toEqual([...descending].sort((a, b) => b - a));
      // Sorting happens before the 120 are chosen: the most confident leads, whichever were shown before.
      expect(descending[0]).toBeGreaterThanOrEqual(Math.max(...ascending));
      if (count <= 120) expect([...descending].sort()).toEqual([...ascending].sort());

      await thumbs.first().click();
      const panel = page.locator("#cell-explain .explain");
      await panel.waitFor();
      expect(await panel.getAttribute("data-predicted")).toBe("3");
      const rows = await breakdown(panel);
      expectConsistent(rows, 10);
      // The thumbnail's confidence is the probability shown for the predicted class.
      const shown = rows.find((r) => r.role === "predicted")!;
      expect(shown.probability).toBeCloseTo(descending[0], 3);
      expect(await panel.locator("h4").textContent()).toMatch(
        /^Why test image \d+ \(true class 5\) is predicted 3 /,
      );
      await expectMaps(panel);
      await panel.screenshot({ path: join(artifacts, `explain-cell-${width}-${scheme}.png`) });
      if (width === 360) {
        // Nothing spills sideways on a phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      }

      // The draw panel explains a test digit too.
      await page.click("#draw-sample");
      const drawn = page.locator("#draw-explain .explain");
      await drawn.waitFor();
      expectConsistent(await breakdown(drawn), 10);
      const label = await page.getAttribute("#draw-sample-label", "data-label");
      expect(await drawn.locator("h4").textContent()).toContain(`(true class ${label})`);
      expect(await drawn.getAttribute("data-predicted")).toBe(
        await page.getAttribute("#draw-prediction", "data-digit"),
      );
      await expectMaps(drawn);
      await page
        .locator("#draw")
        .screenshot({ path: join(artifacts, `explain-draw-${width}-${scheme}.png`) });
      expect(errors).toEqual([]);
      await close();
    }
  });
});
