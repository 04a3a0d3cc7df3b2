#!/usr/bin/env node
// The JSR checks of one package, run from its directory (`node ../../tools/scripts/deno-docs.mjs
// [permissions for the doc tests]`): `deno doc --lint` on every entry point its deno.json exports,
// `deno publish --dry-run` (slow types are errors), then every code block in the package's source
// comments run as a doc test. The sources are found by a glob, not listed, so a new module's
// examples run without anyone remembering to add it. Developers and CI only.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const permissions = process.argv.slice(2);
const deno = fileURLToPath(new URL("./deno.sh", import.meta.url));
const denoTest = fileURLToPath(new URL("./deno-test.mjs", import.meta.url));
const config = JSON.parse(readFileSync("deno.json", "utf8"));
const entryPoints =
  typeof config.exports === "string" ? [config.exports] : Object.values(config.exports ?? {});
if (entryPoints.length === 0) {
  console.error(
    `Cannot check ${process.cwd()}/deno.json: it has no exports, expected the package's entry points`,
  );
  process.exit(1);
}

function step(what, command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`deno-docs: ${what} failed in ${process.cwd()}`);
    process.exit(result.status ?? 1);
  }
}

step("deno doc --lint", "sh", [deno, "doc", "--lint", ...entryPoints]);
step("deno publish --dry-run", "sh", [deno, "publish", "--dry-run", "--allow-dirty", "--quiet"]);
step("doc tests", process.execPath, [
  denoTest,
  "--doc",
  "--quiet",
  "--permit-no-files",
  "--config",
  "../../deno.json",
  "--ignore=src/**/*_test.ts,src/**/_test_*.ts",
  ...permissions,
  "src/**/*.ts",
]);
