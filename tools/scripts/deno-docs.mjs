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

// The entry points of the workspace packages this one depends on are documented along with it: a type
// such as @mnist/tensor's `Backend` in @mnist/softmax's signatures is public there, as it is on JSR,
// where the dependency is a published package; alone, `deno doc` would call it a private type.
const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const dependencyEntryPoints = Object.keys(manifest.dependencies ?? {})
  .filter((name) => name.startsWith("@mnist/"))
  .flatMap((name) => {
    const dir = `../${name.slice("@mnist/".length)}`;
    const exports = JSON.parse(readFileSync(`${dir}/deno.json`, "utf8")).exports;
    return (typeof exports === "string" ? [exports] : Object.values(exports)).map((p) => `${dir}/${p}`);
  });
// npm packages' types count as private to `deno doc` (even through `npm:` specifiers), and re-exporting
// them documents the whole package (219 undocumented symbols of uPlot). @mnist/metrics/plot hands out
// uPlot's own objects and options on purpose, so references to uPlot's types are the one exception.
const NPM_TYPES = { "@mnist/metrics": /^uPlot(\.\w+)*$/ };
const allowed = NPM_TYPES[manifest.name];
const lint = spawnSync("sh", [deno, "doc", "--lint", ...entryPoints, ...dependencyEntryPoints], {
  encoding: "utf8",
});
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
const lintOutput = `${lint.stdout}${lint.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
const problems = lintOutput
  .split(/\n(?=error\[)/)
  .filter((block) => block.startsWith("error["))
  .filter((block) => {
    const privateType = /^error\[private-type-ref\]: .* references private type '([^']+)'/.exec(block)?.[1];
    return !(allowed && privateType !== undefined && allowed.test(privateType));
  });
if (problems.length > 0 || (lint.status !== 0 && !allowed)) {
  process.stderr.write(lintOutput);
  console.error(`deno-docs: deno doc --lint found ${problems.length} problems in ${process.cwd()}`);
  process.exit(lint.status || 1);
}
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
