/**
 * The consumer matrix: every package packed as from a fresh clone, installed from its tarball into a
 * scratch npm project outside the workspace, and used the ways a user would — a Node ESM program, an
 * esbuild bundle, Deno through `npm:` specifiers (two CPU threads), a Vite production build in headless
 * Chromium (two CPU threads, and WebGPU on SwiftShader), and tsc (strict, noUncheckedIndexedAccess, no
 * skipLibCheck) on the oldest TypeScript the READMEs document and the newest tested. Each README example
 * runs in every consumer it can (not the browser when it reads files; only the browser when it needs a
 * DOM). The tarballs themselves hold only what a user needs and pass publint and attw.
 */
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserResults, runInChromium } from "./consumers/browser.ts";
import {
  buildVite,
  run,
  runDeno,
  runEsbuild,
  runNode,
  runTsc,
  writePrograms,
} from "./consumers/consumers.ts";
import { contentProblems, type Manifest, manifestProblems } from "./consumers/package_checks.ts";
import { type ReadmeExample, readmeExamples } from "./consumers/readme_examples.ts";
import { installConsumer, PACKAGES, packFreshClone, scratchDir, tarballFiles } from "./consumers/scratch.ts";

const root = resolve(import.meta.dirname, "..", "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const examples: ReadmeExample[] = PACKAGES.flatMap((p) => readmeExamples(root, p));
const workspaceManifest = (p: string) =>
  JSON.parse(readFileSync(join(root, "packages", p, "package.json"), "utf8")) as Manifest;

let scratch: string | undefined;
let tarballs: Record<string, string>;
let dir: string;

beforeAll(() => {
  scratch = scratchDir();
  tarballs = packFreshClone(root, scratch);
  dir = installConsumer(scratch, tarballs);
  writePrograms(dir, examples);
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The examples that run outside the browser and print something (the others only have to succeed). */
const printing = (list: readonly ReadmeExample[]) =>
  list.filter((e) => e.runtime !== "browser" && e.code.includes("console.log("));

/** The `SMOKE {…}` line of the shared program's output. */
function smokeOf(output: string): { accuracy: number; helperReady?: boolean; handoffs?: number } {
  const line = output.split("\n").find((l) => l.startsWith("SMOKE "));
  if (!line) throw new Error(`no SMOKE line in the output: ${output}`);
  return JSON.parse(line.slice("SMOKE ".length));
}

describe("the tarballs", () => {
  it("every README has at least one runnable example", () => {
    for (const p of PACKAGES)
      expect(examples.filter((e) => e.name.startsWith(`${p}-`)).length, p).toBeGreaterThan(0);
  });

  for (const p of PACKAGES) {
    it(`@mnist/${p}: manifest and files hold what a user needs and nothing else`, () => {
      const installed = join(dir, "node_modules", "@mnist", p);
      const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as Manifest;
      expect(manifestProblems(manifest, installed)).toEqual([]);
      expect(contentProblems(manifest, installed, tarballFiles(tarballs[p] as string))).toEqual([]);
      // The published exports are the workspace's without the `source` condition, entry for entry.
      const published = workspaceManifest(p).exports;
      const stripped = Object.fromEntries(
        Object.entries(published).map(([k, c]) => [
          k,
          Object.fromEntries(Object.entries(c).filter(([n]) => n !== "source")),
        ]),
      );
      expect(manifest.exports, "publishConfig.exports must mirror exports without source").toEqual(stripped);
    });

    it(`@mnist/${p}: publint --strict and attw --profile esm-only pass`, () => {
      run(bin("publint"), ["run", tarballs[p] as string, "--strict"], root);
      run(bin("attw"), [tarballs[p] as string, "--profile", "esm-only", "--format", "ascii"], root);
    }, 120_000);
  }
});

describe("consumers", () => {
  it("Node ESM: the shared program trains and every non-DOM README example runs", () => {
    const out = runNode(dir, examples);
    expect(smokeOf(out.smoke as string).accuracy).toBeGreaterThan(0.9);
    for (const e of printing(examples)) expect(out[e.name], e.name).not.toBe("");
  }, 180_000);

  it("esbuild: bundles the browser app and a Node program that runs", async () => {
    const out = await runEsbuild(dir, examples);
    expect(smokeOf(out).accuracy).toBeGreaterThan(0.9);
  }, 180_000);

  it("Deno (npm: specifiers): two CPU threads start their Worker, and every non-DOM example runs", () => {
    const out = runDeno(dir, examples);
    const smoke = smokeOf(out.smoke as string);
    expect(smoke.helperReady).toBe(true);
    expect(smoke.handoffs).toBeGreaterThan(0);
    expect(smoke.accuracy).toBeGreaterThan(0.9);
    for (const e of printing(examples)) expect(out[e.name], e.name).not.toBe("");
  }, 300_000);

  it("Vite production build in Chromium: two CPU threads, WebGPU on SwiftShader, the examples", async () => {
    const { results, logs } = await runInChromium(buildVite(dir));
    const context = `console: ${logs.join(" | ")}`;
    const r: BrowserResults = results;
    expect(r.crossOriginIsolated, context).toBe(true);
    expect(r.cpu.ok, `${String(r.cpu.value)} ${context}`).toBe(true);
    const cpu = r.cpu.value as { accuracy: number; helperReady: boolean; handoffs: number };
    expect(cpu.helperReady, context).toBe(true);
    expect(cpu.handoffs).toBeGreaterThan(0);
    expect(cpu.accuracy).toBeGreaterThan(0.9);
    expect(r.webgpu.ok, `${String(r.webgpu.value)} ${context}`).toBe(true);
    expect((r.webgpu.value as { accuracy: number }).accuracy).toBeGreaterThan(0.9);
    const failed = Object.entries(r.readme).filter(([, v]) => !v.ok);
    expect(failed, context).toEqual([]);
    expect(Object.keys(r.readme).length).toBe(examples.filter((e) => e.runtime !== "server").length);
  }, 300_000);

  const entries = PACKAGES.flatMap((p) =>
    Object.keys(workspaceManifest(p).exports).map((k) => `@mnist/${p}${k === "." ? "" : k.slice(1)}`),
  );
  for (const typescript of ["typescript-oldest", "typescript"]) {
    it(`tsc (${typescript}) strict, noUncheckedIndexedAccess, no skipLibCheck: every entry point and TS example`, () => {
      expect(runTsc(dir, { typescript, entries, examples, dom: true })).toBe("");
    }, 120_000);
  }

  it("tsc (typescript-oldest) without the DOM lib: the entry points documented as DOM-free", () => {
    const domFree = entries.filter(
      (e) => /^@mnist\/(idx|metrics)/.test(e) && e !== "@mnist/idx/file" && e !== "@mnist/metrics/plot",
    );
    expect(domFree.length).toBeGreaterThan(4);
    expect(runTsc(dir, { typescript: "typescript-oldest", entries: domFree, examples: [], dom: false })).toBe(
      "",
    );
  }, 120_000);
});
