#!/usr/bin/env node
// Runs `deno test <args>` and passes its exit code through, with one exception: Deno 2.9 on Mesa's
// lavapipe (software Vulkan) sometimes aborts during process teardown, after every test has passed
// ("malloc_consolidate(): unaligned fastbin chunk detected", "corrupted size vs. prev_size"): glibc heap
// corruption in the driver's exit path, not in a test. Only when the run's own summary says that all
// tests passed and the process then died by a signal is the suite run once more, loudly; a failing test,
// or a second crash, fails as usual. Developers and CI only.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
// The workspace's native binary when installed (as tools/scripts/deno.sh), so a signal is seen as such.
const local = fileURLToPath(new URL("../../node_modules/deno/deno", import.meta.url));
const deno = process.env.DENO_BIN ?? (existsSync(local) ? local : "deno");
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, "");

// Without a runtime directory the Vulkan loader prints "XDG_RUNTIME_DIR is invalid" for every WebGPU
// test; an absolute path that does not exist makes it fail quietly (the CLI launcher does the same).
const env = process.env.XDG_RUNTIME_DIR?.startsWith("/")
  ? process.env
  : { ...process.env, XDG_RUNTIME_DIR: "/nonexistent" };

function run() {
  return new Promise((resolve) => {
    const child = spawn(deno, ["test", ...args], { stdio: ["inherit", "pipe", "pipe"], env });
    let tail = "";
    const keep = (chunk) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      keep(chunk);
    });
    child.stderr.on("data", (chunk) => {
      process.stderr.write(chunk);
      keep(chunk);
    });
    child.on("close", (code, signal) => resolve({ code, signal, tail: plain(tail) }));
  });
}

const first = await run();
const allPassed = /^ok \| \d+ passed(?: \(\d+ steps?\))? \| 0 failed/m.test(first.tail);
const crashedAtExit = first.code !== 0 && (first.signal !== null || first.code > 128) && allPassed;
if (!crashedAtExit) process.exit(first.code ?? 1);

console.error(
  `deno-test: every test passed, then Deno died at exit (${first.signal ?? `exit ${first.code}`}); ` +
    "a known teardown crash of Deno on lavapipe — running the suite once more",
);
const second = await run();
process.exit(second.code ?? 1);
