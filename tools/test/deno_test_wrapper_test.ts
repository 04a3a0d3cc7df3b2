// tools/scripts/deno-test.mjs re-runs a suite only when every test passed and Deno then died at exit.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const wrapper = resolve(import.meta.dirname, "..", "scripts", "deno-test.mjs");

/** A stand-in for `deno`: run N (counted in a file) prints `lines[N]` and ends with `ends[N]`. */
function fakeDeno(runs: { out: string; end: "ok" | "fail" | "abort" }[]): string {
  const dir = mkdtempSync(join(tmpdir(), "fake-deno-"));
  const cases = runs
    .map(({ out, end }, i) => {
      const exit = end === "ok" ? "exit 0" : end === "fail" ? "exit 1" : "kill -ABRT $$";
      return `  ${i}) printf '%s\\n' '${out}'; ${exit} ;;`;
    })
    .join("\n");
  const script = join(dir, "deno");
  writeFileSync(
    script,
    `#!/bin/sh\nn=$(cat "${dir}/count" 2>/dev/null || echo 0)\necho $((n + 1)) > "${dir}/count"\ncase $n in\n${cases}\nesac\n`,
  );
  chmodSync(script, 0o755);
  return script;
}

function runWrapper(deno: string) {
  const r = spawnSync("node", [wrapper, "--quiet"], {
    env: { ...process.env, DENO_BIN: deno },
    encoding: "utf8",
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe("deno-test wrapper", () => {
  it("re-runs once when all tests passed and Deno aborted at exit", () => {
    const r = runWrapper(
      fakeDeno([
        { out: "ok | 5 passed | 0 failed", end: "abort" },
        { out: "ok | 5 passed | 0 failed", end: "ok" },
      ]),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("running the suite once more");
  });
  it("fails when the crash repeats", () => {
    const r = runWrapper(
      fakeDeno([
        { out: "ok | 5 passed | 0 failed", end: "abort" },
        { out: "ok | 5 passed | 0 failed", end: "abort" },
      ]),
    );
    expect(r.code).not.toBe(0);
  });
  it("never re-runs a failing test run", () => {
    const r = runWrapper(
      fakeDeno([
        { out: "FAILED | 4 passed | 1 failed", end: "fail" },
        { out: "ok | 5 passed | 0 failed", end: "ok" },
      ]),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("once more");
  });
  it("never re-runs a crash before the summary", () => {
    const r = runWrapper(
      fakeDeno([
        { out: "running 5 tests", end: "abort" },
        { out: "ok | 5 passed | 0 failed", end: "ok" },
      ]),
    );
    expect(r.code).not.toBe(0);
  });
  it("passes a clean run through", () => {
    expect(runWrapper(fakeDeno([{ out: "ok | 5 passed | 0 failed", end: "ok" }])).code).toBe(0);
  });
});
