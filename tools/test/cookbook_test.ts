// docs/cookbook.md: every ```sh recipe block runs as written from the repository root, in order, and
// prints the lines of the ```text block after it (timings, the machine's backend line and the checkout's
// path aside). Recipes write under runs/cookbook/, which is emptied first.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const COOKBOOK = join(ROOT, "docs", "cookbook.md");

interface Recipe {
  readonly title: string;
  readonly script: string;
  readonly expected: string;
}

/** Each `sh recipe` block with the heading above it and the `text` block that follows it. */
function recipes(markdown: string): Recipe[] {
  const found: Recipe[] = [];
  const block = /^## (.+)$|^```sh recipe\n([\s\S]*?)^```\n\s*```text\n([\s\S]*?)^```$/gm;
  let title = "";
  for (const m of markdown.matchAll(block)) {
    if (m[1]) title = m[1];
    else found.push({ title, script: m[2], expected: m[3] });
  }
  return found;
}

/** The comparable lines: durations masked, the backend line (machine-specific) dropped. */
function normalise(text: string): string[] {
  return text
    .split("\n")
    .map((line) =>
      line
        .replaceAll(`${ROOT}/`, "<repo>/")
        .replace(/\b\d+(\.\d+)? ?(ms|s)\b/g, "<t>")
        .trimEnd(),
    )
    .filter((line) => line !== "" && !line.startsWith("backend: "));
}

/** A reader's shell: without the `npm_config_*` settings pnpm passes to the scripts it runs. */
const READER_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_config_")),
);

describe("docs/cookbook.md", () => {
  const all = recipes(readFileSync(COOKBOOK, "utf8"));

  it("has recipes, each with its output", () => {
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const r of all) expect(normalise(r.expected).length, r.title).toBeGreaterThan(0);
  });

  it("every recipe runs as written and prints what the cookbook shows", () => {
    rmSync(join(ROOT, "runs", "cookbook"), { recursive: true, force: true });
    for (const r of all) {
      const run = spawnSync("sh", ["-e", "-c", `exec 2>&1\n${r.script}`], {
        cwd: ROOT,
        encoding: "utf8",
        env: READER_ENV,
        timeout: 240_000,
      });
      const output = run.stdout;
      expect(run.status, `${r.title}:\n${output}`).toBe(0);
      expect(normalise(output), r.title).toEqual(normalise(r.expected));
    }
  }, 900_000);
});
