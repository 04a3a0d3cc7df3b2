/**
 * The code examples of the package READMEs, for the consumer matrix: every ```js and ```ts block is a
 * complete program a user can paste, unless its fence says `fragment` (```js fragment), which marks a
 * snippet that needs surrounding code. Developers and CI only.
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Where an example can run: it reads files (`node:*`, `@mnist/idx/fs`), needs a DOM, or neither. */
export type ExampleRuntime = "server" | "browser" | "any";

/** One README code block. */
export interface ReadmeExample {
  /** `<package>-<line>`, e.g. `idx-12` (the fence's line number). */
  readonly name: string;
  readonly language: "js" | "ts";
  readonly code: string;
  readonly runtime: ExampleRuntime;
}

const FENCE = /^```(js|ts)([ \t][^\n]*)?\n([\s\S]*?)^```\s*$/gm;

function runtimeOf(code: string): ExampleRuntime {
  const specifiers = [...code.matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1] as string);
  if (specifiers.some((s) => s === "@mnist/metrics/plot")) return "browser";
  if (specifiers.some((s) => s.startsWith("node:") || s === "@mnist/idx/fs")) return "server";
  return "any";
}

/** The runnable examples of `packages/<name>/README.md`. */
export function readmeExamples(root: string, name: string): ReadmeExample[] {
  const text = readFileSync(join(root, "packages", name, "README.md"), "utf8");
  const examples: ReadmeExample[] = [];
  for (const match of text.matchAll(FENCE)) {
    const [, language, info, code] = match as unknown as [string, "js" | "ts", string, string];
    if (/\bfragment\b/.test(info ?? "")) continue;
    const line = text.slice(0, match.index).split("\n").length;
    examples.push({ name: `${name}-${line}`, language, code, runtime: runtimeOf(code) });
  }
  return examples;
}
