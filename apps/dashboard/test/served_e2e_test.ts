/**
 * `mnist dashboard` end to end in headless Chromium: the real CLI serves the built dashboard and a
 * temporary runs directory, a real `mnist train` writes into it, and the page lists the run, counts its
 * epochs as they come, draws them into the opened run's charts without reading the log again, and
 * opens it whole (with its model) once it finished. A plain static host shows no run list. Screenshots
 * of the list at 360 px and desktop, light and dark, land in `test-artifacts/`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@mnist/tools/testing/chromium";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaticServer, serveStatic } from "./static_server.ts";

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, "..");
const repo = join(app, "..", "..");
const dist = join(app, "dist");
const artifacts = join(app, "test-artifacts");

let browser: Browser;
let runsDir: string;
let dashboard: { url: string; process: ChildProcess };
const children: ChildProcess[] = [];
const contexts: BrowserContext[] = [];

/** `mnist …` as `pnpm mnist` runs it (the least-privilege launcher), from the repository root. */
function mnist(...args: string[]): ChildProcess {
  const child = spawn(
    "sh",
    [
      "tools/scripts/deno.sh",
      "run",
      "--quiet",
      "--no-prompt",
      "--config",
      "apps/cli/deno.json",
      "--allow-run",
      "--allow-env=XDG_RUNTIME_DIR",
      "apps/cli/src/launcher.ts",
      ...args,
    ],
    { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  return child;
}

/** Starts `mnist dashboard RUNS_DIR --port 0`; resolves with the URL it prints. */
function startDashboard(dir: string): Promise<{ url: string; process: ChildProcess }> {
  const child = mnist("dashboard", dir, "--port", "0");
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
      if (url) resolve({ url, process: child });
    });
    child.stderr?.on("data", (chunk) => {
      err += chunk;
    });
    child.on("exit", (code) => reject(new Error(`mnist dashboard exited ${code}: ${out} ${err}`)));
  });
}

/** Resolves with the exit code of a child process. */
function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on("exit", (code) => resolve(code));
  });
}

beforeAll(async () => {
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(
      `Cannot run the end-to-end tests: ${dist}/index.html is missing, expected a build (pnpm build)`,
    );
  }
  mkdirSync(artifacts, { recursive: true });
  runsDir = mkdtempSync(join(tmpdir(), "mnist-dashboard-e2e-"));
  dashboard = await startDashboard(runsDir);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  for (const child of children) if (child.exitCode === null) child.kill("SIGINT");
  await Promise.all(children.map(exited));
  if (runsDir) rmSync(runsDir, { recursive: true, force: true });
});

async function open(base: string, query = "", width = 1280, colorScheme: "light" | "dark" = "light") {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(`${base}${query}`);
  return { page, errors };
}

const cell = (page: Page, run: string, field: string) =>
  page.locator(`#runs-table tr[data-run="${run}"] [data-field="${field}"]`);

/** The epoch records the run view holds, and whether its first record is still the one first shown. */
function shownEpochs(page: Page) {
  return page.evaluate(() => {
    type Handle = { results: { records: { type: string }[] } };
    const g = globalThis as unknown as { dashboard: Handle; firstShown?: unknown };
    const records = g.dashboard.results.records;
    g.firstShown ??= records[0];
    return { epochs: records.filter((r) => r.type === "epoch").length, same: g.firstShown === records[0] };
  });
}

describe("mnist dashboard", () => {
  it("lists a run as mnist train writes it, counts its epochs, grows its charts live, then opens it whole", async () => {
    const { page, errors } = await open(dashboard.url);
    await page.waitForSelector("#runs-status");
    expect(await page.evaluate(() => crossOriginIsolated), "isolated: the CPU backend may use threads").toBe(
      true,
    );
    expect(await page.textContent("#runs-status")).toContain("No runs in");
    const train = mnist(
      "train",
      // Long enough (10–30 s here) to be seen training by a page that polls every 2 s.
      "--epochs",
      "30",
      "--backend",
      "cpu",
      "--quiet",
      "--out",
      join(runsDir, "live"),
    );
    const row = page.locator('#runs-table tr[data-run="live"]');
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 30_000 }).toBe("running");
    expect(await cell(page, "live", "dataset").textContent()).toBe("mnist");
    expect(await cell(page, "live", "config").textContent()).toBe(
      "tutorial · mse · sgd · lr 0.05 · batch 100",
    );
    const epochsOf = async () => Number((await cell(page, "live", "epochs").textContent())?.split(" / ")[0]);
    const first = await epochsOf();
    expect(await cell(page, "live", "epochs").textContent()).toMatch(/^\d+ \/ 30$/);
    await expect
      .poll(epochsOf, { timeout: 60_000, message: "the list's epoch count grows" })
      .toBeGreaterThan(first);

    // Opened while it trains: the charts grow from the log's new lines, the run view is not rebuilt.
    await page.click('#runs-table tr[data-run="live"] .run-open');
    await page.waitForSelector('#results[data-live="live"]', { timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get("run")).toBe("/runs/live/run.jsonl");
    const opened = await shownEpochs(page);
    await expect
      .poll(async () => (await shownEpochs(page)).epochs, { timeout: 60_000, message: "charts grow live" })
      .toBeGreaterThan(opened.epochs);
    expect((await shownEpochs(page)).same, "appended to, not reloaded").toBe(true);
    await shot(page, "served-live-1280-light");

    expect(await exited(train)).toBe(0);
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 30_000 }).toBe("finished");
    expect(await cell(page, "live", "epochs").textContent()).toBe("30 / 30");
    expect(await cell(page, "live", "test").textContent()).toMatch(/^\d+\.\d\d% \(\d+\.\d\d%\)$/);
    // Ended: opened whole, with the model written at the end.
    await page.waitForSelector('#confusion[data-from="model"]', { timeout: 60_000 });
    expect(await page.getAttribute("#results", "data-live")).toBeNull();
    expect((await shownEpochs(page)).epochs).toBe(30);
    expect(errors).toEqual([]);
  });

  it("shows failed and interrupted runs, at 360 px and on a desktop, light and dark", async () => {
    // Diverges at once: an error record ends its log.
    const diverged = mnist(
      ...["train", "--loss", "cross-entropy", "--lr", "1e38", "--epochs", "1", "--limit", "500"],
      ...["--backend", "cpu", "--quiet", "--out", join(runsDir, "diverged")],
    );
    expect(await exited(diverged)).toBe(1);
    // Ctrl-C after its first epoch: a log without a run-end record, and no lock held.
    const stopped = mnist(
      ...["train", "--epochs", "30", "--backend", "cpu", "--quiet", "--out", join(runsDir, "stopped")],
    );
    const log = join(runsDir, "stopped", "run.jsonl");
    await expect
      .poll(() => existsSync(log) && readFileSync(log, "utf8").includes('"type":"epoch"'), {
        timeout: 60_000,
      })
      .toBe(true);
    stopped.kill("SIGINT");
    expect(await exited(stopped)).toBe(130);
    for (const [width, scheme] of [
      [360, "light"],
      [360, "dark"],
      [1280, "dark"],
    ] as const) {
      const { page, errors } = await open(dashboard.url, "", width, scheme);
      await page.waitForSelector('#runs-table tr[data-run="live"][data-status="finished"]');
      await page.waitForSelector('#runs-table tr[data-run="diverged"][data-status="failed"]');
      await page.waitForSelector('#runs-table tr[data-run="stopped"][data-status="interrupted"]');
      expect(await page.getAttribute('tr[data-run="diverged"] .badge', "title")).toMatch(
        /^Cannot continue training: loss is NaN/,
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      expect(overflow, `page wider than ${width} px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(artifacts, `served-list-${width}-${scheme}.png`) });
      expect(errors).toEqual([]);
    }
  });

  it("says what happened when ?run= cannot reach a server", async () => {
    const { page } = await open(dashboard.url, "?run=http://127.0.0.1:9/run.jsonl");
    await page.waitForSelector('#open-status[data-state="error"]');
    expect(await page.textContent("#open-status")).toMatch(
      /^Cannot load run log http:\/\/127\.0\.0\.1:9\/run\.jsonl: network error \(.*\): the server is not running or blocks cross-origin requests \(CORS\), expected a server that is up and allows this page$/,
    );
  });

  it("shows no run list on a plain static host, and asks it for nothing", async () => {
    let server: StaticServer | undefined;
    try {
      server = await serveStatic({ "/": dist });
      const { page, errors } = await open(`${server.origin}/`);
      const asked: string[] = [];
      page.on("request", (r) => asked.push(new URL(r.url()).pathname));
      await page.reload({ waitUntil: "networkidle" });
      expect(await page.locator("#runs").count()).toBe(0);
      expect(asked.filter((p) => p.includes("api/runs"))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await server?.close();
    }
  });
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false });
}
