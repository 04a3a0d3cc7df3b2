/**
 * The consumers of the installed tarballs, each a separate toolchain run in the scratch project: Node,
 * an esbuild bundle, Deno through `npm:` specifiers, a Vite production build, and tsc. Each writes its
 * program from `fixtures/` and the README examples, runs the tool and returns its output. Developers and
 * CI only.
 * @module
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ReadmeExample } from "./readme_examples.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const DENO = join(import.meta.dirname, "..", "..", "scripts", "deno.sh");

/** The part of esbuild's API used here (esbuild is the consumer's, installed in the scratch project). */
interface Esbuild {
  transformSync(code: string, options: { loader: "ts"; format: "esm" }): { code: string };
  build(options: Record<string, unknown>): Promise<unknown>;
}
const esbuildOf = (dir: string) => createRequire(join(dir, "package.json"))("esbuild") as Esbuild;

/** Runs a command in `cwd`; returns stdout, or throws with the command and its stderr. */
export function run(command: string, args: string[], cwd: string, timeout = 120_000): string {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(" ")} failed in ${cwd}:\n${e.stderr || ""}${e.stdout || ""}${e.message}`,
    );
  }
}

/** The example's file name under `readme/` (JavaScript: TypeScript examples are stripped by esbuild). */
export const exampleFile = (e: ReadmeExample): string => `readme/${e.name}.js`;

/**
 * Copies the fixture programs into the consumer and writes every README example as JavaScript (plus
 * the TypeScript examples as `.ts` for tsc), and `examples.js`, the browser's lazy list of them.
 */
export function writePrograms(dir: string, examples: readonly ReadmeExample[]): void {
  cpSync(FIXTURES, dir, { recursive: true });
  mkdirSync(join(dir, "readme"), { recursive: true });
  const esbuild = esbuildOf(dir);
  for (const e of examples) {
    const js =
      e.language === "ts" ? esbuild.transformSync(e.code, { loader: "ts", format: "esm" }).code : e.code;
    writeFileSync(join(dir, exampleFile(e)), js);
    if (e.language === "ts") writeFileSync(join(dir, "readme", `${e.name}.ts`), e.code);
  }
  const browser = examples.filter((e) => e.runtime !== "server");
  const entries = browser.map((e) => `  ${JSON.stringify(e.name)}: () => import("./${exampleFile(e)}"),`);
  writeFileSync(join(dir, "examples.js"), `export const examples = {\n${entries.join("\n")}\n};\n`);
}

/** Node: the shared program, then each example that does not need a DOM, each in its own process. */
export function runNode(dir: string, examples: readonly ReadmeExample[]): Record<string, string> {
  const out: Record<string, string> = { smoke: run("node", ["node_main.js"], dir) };
  for (const e of examples.filter((x) => x.runtime !== "browser"))
    out[e.name] = run("node", [exampleFile(e)], dir);
  return out;
}

/**
 * esbuild: a browser bundle of the Vite app's entry (it must resolve every import, the Worker's
 * `new URL` included), and a Node bundle of the shared program and the examples, run with Node.
 */
export async function runEsbuild(dir: string, examples: readonly ReadmeExample[]): Promise<string> {
  const esbuild = esbuildOf(dir);
  const server = examples.filter((x) => x.runtime !== "browser");
  writeFileSync(
    join(dir, "esbuild_main.js"),
    ["./node_main.js", ...server.map((e) => `./${exampleFile(e)}`)].map((f) => `import "${f}";\n`).join(""),
  );
  const common = { bundle: true, format: "esm", logLevel: "silent", absWorkingDir: dir } as const;
  await esbuild.build({
    ...common,
    entryPoints: ["browser_main.js"],
    outdir: "esbuild-browser",
    platform: "browser",
    target: "es2022",
    splitting: true,
  });
  await esbuild.build({
    ...common,
    entryPoints: ["esbuild_main.js"],
    outfile: "esbuild-node/main.js",
    platform: "node",
    target: "node20",
  });
  writeFileSync(join(dir, "esbuild-node", "package.json"), '{"type":"module"}');
  return run("node", ["esbuild-node/main.js"], dir);
}

/** Deno: the shared program with two threads and each example, `@mnist/…` imported as `npm:@mnist/…`. */
export function runDeno(dir: string, examples: readonly ReadmeExample[]): Record<string, string> {
  const toNpm = (code: string) => code.replace(/(from\s+|import\s*\(\s*)(["'])@mnist\//g, "$1$2npm:@mnist/");
  writeFileSync(join(dir, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }));
  writeFileSync(join(dir, "smoke.deno.js"), toNpm(readFileSync(join(dir, "smoke.js"), "utf8")));
  const deno = (file: string) => run("sh", [DENO, "run", "--quiet", "--allow-all", "--no-prompt", file], dir);
  const out: Record<string, string> = { smoke: deno("deno_main.js") };
  for (const e of examples.filter((x) => x.runtime !== "browser")) {
    const file = `readme/${e.name}.deno.js`;
    writeFileSync(join(dir, file), toNpm(readFileSync(join(dir, exampleFile(e)), "utf8")));
    out[e.name] = deno(file);
  }
  return out;
}

/** Vite: a production build of the app (`index.html` → `browser_main.js`) into `vite-dist/`. */
export function buildVite(dir: string): string {
  run("node", ["node_modules/vite/bin/vite.js", "build", "--outDir", "vite-dist"], dir, 180_000);
  return join(dir, "vite-dist");
}

/** One tsc consumer: which TypeScript, which entry points, whether `lib` has the DOM. */
export interface TscConsumer {
  /** The TypeScript package in the scratch project (`typescript`, `typescript-oldest`). */
  readonly typescript: string;
  /** Module specifiers to import, e.g. `@mnist/idx/fs`. */
  readonly entries: readonly string[];
  readonly examples: readonly ReadmeExample[];
  readonly dom: boolean;
}

/**
 * tsc `--noEmit` with `strict`, `noUncheckedIndexedAccess` and no `skipLibCheck` on a program that
 * imports the entry points, plus the TypeScript README examples; returns tsc's output.
 */
export function runTsc(dir: string, consumer: TscConsumer): string {
  const name = `${consumer.typescript}${consumer.dom ? "" : "-nodom"}`;
  const lines = consumer.entries.map((e, i) => `import * as m${i} from "${e}";\nconsole.log(m${i});`);
  writeFileSync(join(dir, `entries.${name}.ts`), `${lines.join("\n")}\n`);
  const examples = consumer.examples.filter((e) => e.language === "ts").map((e) => `readme/${e.name}.ts`);
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      // What users of a TypeScript-sources monorepo often set: it must not reach the shipped packages.
      customConditions: ["source"],
      lib: consumer.dom ? ["ES2023", "DOM", "DOM.Iterable"] : ["ES2023"],
      types: ["node"],
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      noEmit: true,
    },
    files: [`entries.${name}.ts`, ...examples],
  };
  writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify(tsconfig, null, 2));
  return run(
    "node",
    [join("node_modules", consumer.typescript, "bin", "tsc"), "-p", `tsconfig.${name}.json`],
    dir,
  );
}
