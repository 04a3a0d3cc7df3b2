// Builds the package in the current directory into `dist/` (its `build` and `prepack` script):
// a fresh `dist/` (nothing stale from an earlier build can ship), tsc on `tsconfig.build.json` (whose
// `files` are the package's entry points, so only what they reach is emitted), then the declarations'
// relative `.ts` specifiers rewritten to `.js` — tsc's `rewriteRelativeImportExtensions` rewrites the
// JavaScript only, and a consumer's TypeScript would look for `dist/x.ts`, which is not shipped.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const RELATIVE_TS = /(["'])(\.\.?\/[^"'\n]*?)\.(m?)ts\1/g;

/** Rewrites `"./x.ts"` to `"./x.js"` in every `.d.ts` under `dir`; returns how many files changed. */
export function rewriteDeclarationSpecifiers(dir) {
  let changed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, "utf8");
    const rewritten = text.replace(RELATIVE_TS, (_, q, path, m) => `${q}${path}.${m}js${q}`);
    if (rewritten !== text) {
      writeFileSync(file, rewritten);
      changed++;
    }
  }
  return changed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync("dist", { recursive: true, force: true });
  const tsc = createRequire(join(process.cwd(), "package.json")).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
  rewriteDeclarationSpecifiers("dist");
}
