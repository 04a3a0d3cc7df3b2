// Each package can be depended on by itself: pack it, install the tarballs into a scratch Node project
// outside the workspace, and run the usage example from its README.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..", "..");
const packages = ["idx", "tensor", "softmax", "metrics"];

/** The first ```js block under "## Usage" in a README. */
function usageExample(readme: string): string {
  const usage = readme.split(/^## Usage\s*$/m)[1];
  const match = usage?.match(/```js\n([\s\S]*?)```/);
  if (!match) throw new Error("README has no ```js block under ## Usage");
  return match[1];
}

describe("packages install and run from their tarballs", () => {
  const scratch = mkdtempSync(join(tmpdir(), "mnist-pack-"));
  beforeAll(() => {
    const tarballs = packages.map((p) => {
      const out = execFileSync("pnpm", ["pack", "--pack-destination", scratch], {
        cwd: join(root, "packages", p),
        encoding: "utf8",
      });
      return out.trim().split("\n").at(-1)!;
    });
    writeFileSync(
      join(scratch, "package.json"),
      JSON.stringify({ name: "scratch", private: true, type: "module" }),
    );
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], {
      cwd: scratch,
    });
  }, 180_000);

  for (const p of packages) {
    it(`@mnist/${p}: the README example runs from the installed tarball`, () => {
      const readme = readFileSync(join(root, "packages", p, "README.md"), "utf8");
      const file = join(scratch, `example-${p}.mjs`);
      writeFileSync(file, usageExample(readme));
      const out = execFileSync("node", [file], { cwd: scratch, encoding: "utf8" });
      expect(out.trim().length).toBeGreaterThan(0);
      const installed = readdirSync(join(scratch, "node_modules", "@mnist"));
      expect(installed).toContain(p);
    });
  }
});
