/**
 * What a published package must hold, checked on an installed tarball: only what its exports reach
 * (no tests, snapshots or unexported helpers), declarations that resolve without `.ts` files, the
 * manifest fields a registry page and a consumer need. Each check returns the problems it found, one
 * line each. Developers and CI only.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

/** The package.json fields these checks read. */
export interface Manifest {
  readonly name: string;
  readonly license?: string;
  readonly keywords?: readonly string[];
  readonly homepage?: string;
  readonly repository?: { readonly url?: string; readonly directory?: string };
  readonly engines?: Record<string, string>;
  readonly publishConfig?: { readonly access?: string; readonly exports?: unknown };
  readonly exports: Record<string, Record<string, string>>;
  readonly dependencies?: Record<string, string>;
}

const RELATIVE_SPECIFIER =
  /(?:from\s+|import\s*\(\s*|import\s+|new URL\(\s*)["'](\.\.?\/[\w./-]+)["']|<reference path=["']([\w./-]+)["']/g;

/** Relative specifiers of a module or declaration file (imports, re-exports, `new URL(…)`, references). */
export function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(RELATIVE_SPECIFIER)].map((m) => (m[1] ?? m[2]) as string);
}

/** The manifest as published: no workspace-only fields or ranges, everything a registry page shows. */
export function manifestProblems(m: Manifest, dir: string): string[] {
  const problems: string[] = [];
  if (m.license !== "MIT") problems.push(`license is ${m.license}, expected MIT`);
  if (!existsSync(join(dir, "LICENSE"))) problems.push("no LICENSE file");
  if (!m.keywords?.length) problems.push("no keywords");
  if (!m.homepage) problems.push("no homepage");
  if (!m.repository?.url || !m.repository.directory) problems.push("repository lacks url or directory");
  if (!m.engines?.node) problems.push("no engines.node");
  if (m.publishConfig?.access !== "public") problems.push("publishConfig.access is not public");
  for (const [key, conditions] of Object.entries(m.exports)) {
    if ("source" in conditions) problems.push(`exports["${key}"] still has the source condition`);
  }
  for (const [name, range] of Object.entries(m.dependencies ?? {})) {
    if (!/^\^\d/.test(range)) problems.push(`dependency ${name} is "${range}", expected a caret range`);
  }
  return problems;
}

/**
 * The files: only package.json, README.md, LICENSE and `dist/` JavaScript, declarations and source
 * maps; every `dist/` module reached from an export; every relative specifier naming a shipped file;
 * no `.ts` specifier in declarations; WebGPU types referenced where used; no giant declarations.
 */
export function contentProblems(m: Manifest, dir: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  const shipped = new Set(files);
  for (const f of files) {
    const allowed =
      ["package.json", "README.md", "LICENSE"].includes(f) || /^dist\/.+\.(js|d\.ts|js\.map)$/.test(f);
    if (!allowed || /(_test|\.deno_test|__snapshots__|\/_test_)/.test(f)) problems.push(`ships ${f}`);
  }
  const reached = new Set<string>();
  const queue = Object.values(m.exports).flatMap((c) => Object.values(c).map((p) => normalize(p)));
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (reached.has(file)) continue;
    reached.add(file);
    if (!shipped.has(file)) {
      problems.push(`${file} is named but not shipped`);
      continue;
    }
    const text = readFileSync(join(dir, file), "utf8");
    for (const spec of relativeSpecifiers(text)) {
      if (file.endsWith(".d.ts") && /\.m?ts$/.test(spec) && !spec.endsWith(".d.ts")) {
        problems.push(`${file} imports ${spec}, expected .js`);
      }
      const target = normalize(join(dirname(file), spec));
      queue.push(file.endsWith(".d.ts") ? target.replace(/\.js$/, ".d.ts") : target);
    }
    if (file.endsWith(".js") && shipped.has(`${file}.map`)) reached.add(`${file}.map`);
    if (file.endsWith(".d.ts")) {
      if (/\bGPU[A-Z]\w*\b/.test(text) && !text.includes('<reference types="@webgpu/types"')) {
        problems.push(`${file} uses WebGPU types without referencing @webgpu/types`);
      }
      if (text.length > 16_000)
        problems.push(`${file} is ${text.length} characters, expected a small declaration`);
    }
  }
  // A module's declarations ship with it even where no public type names them, and a types-only
  // module's (empty) JavaScript and its map with its declarations.
  const base = (f: string) => f.replace(/\.(d\.ts|js\.map|js)$/, "");
  const usedBases = new Set([...reached].map(base));
  const used = (f: string) => reached.has(f) || usedBases.has(base(f));
  for (const f of files) {
    if (f.startsWith("dist/") && !used(f)) problems.push(`${f} is shipped but no export reaches it`);
  }
  return problems;
}
