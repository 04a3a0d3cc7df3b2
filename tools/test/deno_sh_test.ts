// tools/scripts/deno.sh: a folder given to `deno test` stands for its `*.deno_test.ts` files only.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const script = resolve(import.meta.dirname, "..", "scripts", "deno.sh");

/** A folder with one Deno test and one vitest-style file that fails if Deno runs it. */
function mixedFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "deno-sh-"));
  mkdirSync(join(dir, "nested"));
  writeFileSync(join(dir, "nested", "one.deno_test.ts"), 'Deno.test("deno test ran", () => {});\n');
  writeFileSync(join(dir, "nested", "two_test.ts"), 'throw new Error("a vitest file ran under Deno");\n');
  return dir;
}

function denoSh(cwd: string, ...args: string[]) {
  const r = spawnSync("sh", [script, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("deno.sh", () => {
  it("runs only the *.deno_test.ts files of a folder given to `test`", () => {
    const dir = mixedFolder();
    const r = denoSh(dir, "test", "--quiet", "nested/");
    expect(r.out).toMatch(/ok \| 1 passed \| 0 failed/);
    expect(r.out).not.toContain("a vitest file ran");
    expect(r.code).toBe(0);
  });
  it("leaves a folder as given with --doc (its modules' code blocks)", () => {
    const dir = mixedFolder();
    const r = denoSh(dir, "test", "--doc", "--quiet", "nested/");
    expect(r.out).toContain("a vitest file ran under Deno");
  });
  it("still runs a file named on the command line as given", () => {
    const dir = mixedFolder();
    const r = denoSh(dir, "test", "--quiet", "nested/two_test.ts");
    expect(r.out).toContain("a vitest file ran under Deno");
    expect(r.code).not.toBe(0);
  });
});
