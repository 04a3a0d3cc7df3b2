// The README pictures: every image a README or docs page references exists, the folder stays under
// 2 MB, and `pnpm docs:images` (the whole of it: a real run, a dashboard build, Chromium screenshots)
// regenerates the committed pictures — the ones computed from data byte for byte.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const IMAGES = join(ROOT, "docs", "images");
const MAX_BYTES = 2 * 1024 * 1024;
/** Package READMEs are shown on npm too, where relative links break: they point at the repository's files. */
const REPOSITORY_RAW = "https://raw.githubusercontent.com/mnist-ts/mnist/main/";

/** The Markdown files whose pictures are checked: the READMEs of the root, packages and apps, and docs/. */
function markdownFiles(): string[] {
  const files = [join(ROOT, "README.md")];
  for (const group of ["packages", "apps"]) {
    for (const name of readdirSync(join(ROOT, group))) {
      const readme = join(ROOT, group, name, "README.md");
      if (existsSync(readme)) files.push(readme);
    }
  }
  for (const name of readdirSync(join(ROOT, "docs")))
    if (name.endsWith(".md")) files.push(join(ROOT, "docs", name));
  return files;
}

/** Image targets of a Markdown file (`![alt](path)`, `<img src="path">`): local paths and the repository's own files. */
function imageRefs(markdown: string): string[] {
  const refs = [
    ...[...markdown.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]),
    ...[...markdown.matchAll(/<img\s[^>]*src="([^"]+)"/g)].map((m) => m[1]),
  ];
  return refs.filter((r) => r.startsWith(REPOSITORY_RAW) || !/^[a-z]+:/i.test(r));
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("README pictures", () => {
  it("every referenced image exists, and every picture in docs/images is referenced", () => {
    const referenced = new Set<string>();
    const missing: string[] = [];
    for (const file of markdownFiles()) {
      for (const ref of imageRefs(readFileSync(file, "utf8"))) {
        const target = ref.startsWith(REPOSITORY_RAW)
          ? join(ROOT, ref.slice(REPOSITORY_RAW.length))
          : resolve(dirname(file), ref);
        referenced.add(target);
        if (!existsSync(target)) missing.push(`${file.slice(ROOT.length + 1)} → ${ref}`);
      }
    }
    expect(missing).toEqual([]);
    const unused = readdirSync(IMAGES).filter((name) => !referenced.has(join(IMAGES, name)));
    expect(unused).toEqual([]);
    // The root README shows the two charts and the screenshots.
    for (const name of [
      "accuracy.svg",
      "loss.svg",
      "report.png",
      "dashboard-light.png",
      "dashboard-dark.png",
      "comparison.png",
    ]) {
      expect(referenced.has(join(IMAGES, name)), name).toBe(true);
    }
  });

  it("docs/images stays under 2 MB", () => {
    const total = readdirSync(IMAGES).reduce((n, name) => n + statSync(join(IMAGES, name)).size, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(MAX_BYTES);
  });

  describe("pnpm docs:images", () => {
    const work = mkdtempSync(join(tmpdir(), "docs-images-test-"));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it("regenerates every committed picture; those drawn from data are byte-identical", () => {
      const out = join(work, "images");
      const r = spawnSync("pnpm", ["-s", "docs:images", "--out", out, "--dist", join(work, "dist")], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 420_000,
      });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(readdirSync(out).sort()).toEqual(readdirSync(IMAGES).sort());
      // The run's charts, the package pictures and the report's data do not depend on fonts: a change here
      // means training, the renderers or the data changed — rerun `pnpm docs:images` and commit if intended.
      for (const name of [
        "accuracy.svg",
        "loss.svg",
        "metrics-step-loss.svg",
        "softmax-weights.png",
        "idx-digits.png",
        "explain.png",
      ]) {
        expect(readFileSync(join(out, name)).equals(readFileSync(join(IMAGES, name))), name).toBe(true);
      }
      // Screenshots depend on the machine's fonts: same viewport, a real picture.
      for (const [name, width] of [
        ["dashboard-light.png", 1280],
        ["dashboard-dark.png", 1280],
        ["dashboard-360.png", 360],
        ["report.png", 900],
        ["comparison.png", 900],
      ] as const) {
        const size = pngSize(readFileSync(join(out, name)));
        expect(size.width, name).toBe(width);
        expect(statSync(join(out, name)).size, name).toBeGreaterThan(10_000);
      }
    }, 450_000);
  });
});
