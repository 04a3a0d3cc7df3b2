// Builds the package in the current directory into `dist/` (its `build` and `prepack` script, so a
// fresh clone packs a complete tarball):
// - a fresh `dist/`, so nothing stale from an earlier build can ship;
// - tsc with `tsconfig.build.json`'s options on the package's entry points only — the `source` targets
//   of its `exports`, plus every module the code names as `new URL("./x.js", import.meta.url)` (the
//   CPU backend's Worker) — so what ships is exactly what they reach, never tests or test helpers;
// - the declarations' relative `.ts` specifiers rewritten to `.js`: `rewriteRelativeImportExtensions`
//   rewrites the JavaScript only, and a consumer's TypeScript would look for `dist/x.ts`.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

const RELATIVE_TS = /(["'])(\.\.?\/[^"'\n]*?)\.(m?)ts\1/g;
const URL_OF_MODULE = /new URL\(\s*["'](\.\.?\/[\w./-]+)\.js["']\s*,\s*import\.meta\.url\s*\)/g;

/** Rewrites `"./x.ts"` to `"./x.js"` in every `.d.ts` under `dir`. */
export function rewriteDeclarationSpecifiers(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, "utf8");
    const rewritten = text.replace(RELATIVE_TS, (_, q, path, m) => `${q}${path}.${m}js${q}`);
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}

/** The `source` file of every entry of a package.json `exports` map. */
export function exportedSources(exports) {
  const sources = Object.entries(exports).map(([key, conditions]) => {
    if (typeof conditions?.source !== "string") {
      throw new Error(
        `Cannot build: package.json exports["${key}"] has no "source" condition, expected its .ts entry`,
      );
    }
    return resolve(conditions.source);
  });
  return sources;
}

function build() {
  const ts = createRequire(join(process.cwd(), "package.json"))("typescript");
  const pkg = JSON.parse(readFileSync("package.json", "utf8"));
  const config = ts.getParsedCommandLineOfConfigFile(
    "tsconfig.build.json",
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  const roots = new Set(exportedSources(pkg.exports));
  const src = `${resolve("src")}/`;
  let program;
  for (;;) {
    program = ts.createProgram({ rootNames: [...roots], options: config.options });
    const before = roots.size;
    for (const sf of program.getSourceFiles()) {
      // Only this package's own modules: dependencies resolve to their sources but are not emitted here.
      if (sf.isDeclarationFile || !resolve(sf.fileName).startsWith(src)) continue;
      for (const [, path] of sf.text.matchAll(URL_OF_MODULE))
        roots.add(resolve(dirname(sf.fileName), `${path}.ts`));
    }
    if (roots.size === before) break;
  }
  const host = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => "\n",
  };
  const fail = (diagnostics) => {
    console.error(ts.formatDiagnostics(diagnostics, host));
    process.exit(1);
  };
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) fail(diagnostics); // before touching dist/, so a broken tree ships nothing
  rmSync("dist", { recursive: true, force: true });
  const result = program.emit();
  if (result.diagnostics.length > 0) fail(result.diagnostics);
  rewriteDeclarationSpecifiers("dist");
}

if (import.meta.url === `file://${process.argv[1]}`) build();
