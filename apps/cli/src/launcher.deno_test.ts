// The launcher's plan (which commands get an adapter probe), the probe hand-over, and a quiet auto run.
import { check, expectCode, mnist, mnistArgs, mnistCommand, tempDir } from "./_test_helpers.ts";
import { openBackend, parseProbeArgument, useAdapterProbe } from "./backend_flag.ts";
import { childEnv, planOf, recordedDataReads } from "./launcher.ts";
import { runSandboxed } from "./sandboxed_cli.ts";
import "./probe_webgpu.ts"; // type-checked here; it only runs as a main module
import "./recorded_data_probe.ts"; // likewise

Deno.test("launcher: only commands that pick the backend with auto get an adapter probe", () => {
  check(planOf(["train"]).autoBackend, "train defaults to auto");
  check(planOf(["train", "--backend", "auto"]).autoBackend, "train --backend auto");
  check(!planOf(["train", "--backend", "cpu"]).autoBackend, "train --backend cpu needs no probe");
  check(!planOf(["train", "--backend", "webgpu"]).autoBackend, "webgpu opens the adapter itself");
  check(planOf(["info"]).autoBackend, "info reports what auto picks");
  check(!planOf(["eval", "--model", "m"]).autoBackend, "eval defaults to cpu");
  check(planOf(["eval", "--model", "m", "--backend", "auto"]).autoBackend, "eval --backend auto");
  check(!planOf(["train", "--help"]).autoBackend && !planOf([]).autoBackend, "help needs nothing");
});

Deno.test("launcher: the recorded data is looked up only when no --data-dir is given, reading metadata only", () => {
  const ev = planOf(["eval", "--model", "runs/x"]).access;
  check(ev.recordedData?.kind === "model" && ev.recordedData.path === "runs/x", JSON.stringify(ev));
  check(
    planOf(["eval", "--model", "runs/x", "--data-dir", "d"]).access.recordedData === undefined,
    "eval --data-dir",
  );
  check(
    planOf(["predict", "--model", "runs/x", "a.png"]).access.recordedData === undefined,
    "predict of files",
  );
  check(
    planOf(["predict", "--model", "runs/x", "--index", "0"]).access.recordedData?.kind === "model",
    "predict --index",
  );
  check(planOf(["train", "--resume", "runs/x"]).access.recordedData?.kind === "run", "train --resume");
  check(planOf(["train", "--out", "runs/x"]).access.recordedData === undefined, "a new run");
  const reads = recordedDataReads({ kind: "model", path: "runs/x/model.safetensors" });
  check(
    reads.every((p) => p === "runs/x/model.safetensors" || /(model-meta|model|checkpoint)\.json$/.test(p)),
    `the data probe reads only sidecars: ${reads.join()}`,
  );
  check(recordedDataReads({ kind: "run", path: "runs/x" }).join() === "runs/x,runs/x/run.jsonl", "run reads");
});

Deno.test("launcher: XDG_RUNTIME_DIR is set for the children only when unset or relative", () => {
  const granted =
    Deno.permissions.querySync({ name: "env", variable: "XDG_RUNTIME_DIR" }).state === "granted";
  if (!granted) {
    // The package's test task grants no env: the launcher then leaves the environment alone.
    check(Object.keys(childEnv()).length === 0, "without permission nothing is set");
    return;
  }
  const before = Deno.env.get("XDG_RUNTIME_DIR");
  try {
    Deno.env.delete("XDG_RUNTIME_DIR");
    check(childEnv().XDG_RUNTIME_DIR === "/nonexistent", "unset: /nonexistent");
    Deno.env.set("XDG_RUNTIME_DIR", "relative");
    check(childEnv().XDG_RUNTIME_DIR === "/nonexistent", "relative: /nonexistent");
    Deno.env.set("XDG_RUNTIME_DIR", "/run/user/1000");
    check(Object.keys(childEnv()).length === 0, "a real one is left alone");
  } finally {
    if (before === undefined) Deno.env.delete("XDG_RUNTIME_DIR");
    else Deno.env.set("XDG_RUNTIME_DIR", before);
  }
});

Deno.test("launcher: --backend webgpu --quiet prints no driver noise (or, without a usable adapter, one error line)", async () => {
  const dir = await tempDir();
  const run = await mnist(
    "train",
    "--epochs",
    "1",
    "--limit",
    "200",
    "--backend",
    "webgpu",
    "--quiet",
    "--out",
    `${dir}/run`,
  );
  await Deno.remove(dir, { recursive: true });
  if (run.code === 2) {
    check(/^mnist: Cannot use --backend webgpu: [^\n]*expected[^\n]*\n$/.test(run.stderr), run.stderr);
    return;
  }
  expectCode(run, 0);
  check(run.stderr === "", `stderr should be empty, got ${JSON.stringify(run.stderr)}`);
  check(/^done: .* on webgpu; /.test(run.stdout), run.stdout);
});

Deno.test("launcher: the probe argument is '-' or an AdapterProbe, anything else is refused", () => {
  check(parseProbeArgument("-") === undefined, "- is no probe");
  const none = { adapter: null, unavailable: "Cannot create WebGPU backend: none" };
  check(parseProbeArgument(JSON.stringify(none))?.unavailable === none.unavailable, "no adapter");
  const lavapipe = { vendor: "mesa", architecture: "", description: "llvmpipe", isFallbackAdapter: true };
  const found = parseProbeArgument(JSON.stringify({ adapter: lavapipe, unavailable: "" }));
  check(found?.adapter?.description === "llvmpipe" && found.adapter.isFallbackAdapter, "an adapter");
  for (const bad of [undefined, "train", "{}", '{"adapter":{"vendor":1},"unavailable":""}']) {
    let threw = false;
    try {
      parseProbeArgument(bad);
    } catch (error) {
      threw =
        error instanceof TypeError && error.message.startsWith("Cannot read the launcher's adapter probe");
    }
    check(threw, `refused ${bad}`);
  }
});

Deno.test("launcher: the CLI entry refuses a malformed probe argument with exit 1", async () => {
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args.join(" "));
  try {
    check((await runSandboxed(["not json", "--help"])) === 1, "exit 1");
  } finally {
    console.error = original;
  }
  check(
    errors.length === 1 && String(errors[0]).startsWith("mnist: Cannot read the launcher's adapter probe"),
    String(errors),
  );
});

Deno.test("launcher: train --quiet with auto prints only the summary, names the backend in the log", async () => {
  const out = `${await tempDir()}/run`;
  const run = await mnist("train", "--epochs", "1", "--limit", "500", "--quiet", "--out", out);
  expectCode(run, 0);
  check(run.stderr === "", `stderr should be empty, got ${JSON.stringify(run.stderr)}`);
  check(/^done: test accuracy [\d.]+%.* on (cpu|webgpu); /.test(run.stdout), run.stdout);
  check(run.stdout.trim().split("\n").length === 1, `only the summary: ${run.stdout}`);
  const start = JSON.parse((await Deno.readTextFile(`${out}/run.jsonl`)).split("\n")[0]);
  check(/^(cpu|webgpu) \(/.test(start.backendReason), `backendReason: ${start.backendReason}`);
  await Deno.remove(out.slice(0, -4), { recursive: true });
});

Deno.test("launcher: a probe handed over on stdin decides what auto opens", async () => {
  const none = { adapter: null, unavailable: "Cannot create WebGPU backend: the test says there is none" };
  const stdin = new Blob([`${JSON.stringify(none)}\n`]).stream();
  const original = console.log;
  console.log = () => {};
  try {
    check((await runSandboxed(["stdin", "--help"], stdin)) === 0, "help exits 0");
  } finally {
    console.log = original;
  }
  try {
    const choice = await openBackend("auto");
    check(choice.backend.kind === "cpu", choice.reason);
    check(choice.reason === `cpu (WebGPU unavailable: ${none.unavailable})`, choice.reason);
    choice.backend.destroy();
    useAdapterProbe(Promise.resolve(parseProbeArgument("-")));
    const cpu = await openBackend("cpu");
    check(cpu.reason === "cpu (requested)", cpu.reason);
    cpu.backend.destroy();
  } finally {
    useAdapterProbe(undefined);
  }
});

/** Starts a long `mnist train` through the launcher; returns it and the sandboxed CLI's PID once it has a checkpoint. */
async function trainingChild(out: string) {
  const args = ["--limit", "5000", "--backend", "cpu", "--loss", "cross-entropy", "--quiet"];
  const launcher = mnistCommand("train", "--epochs", "500", "--out", out, ...args).spawn();
  const pid = await checkpointedCli(out);
  check(pid !== launcher.pid, "the CLI runs in its own process");
  return { launcher, pid };
}

/** The PID of the sandboxed CLI training into `out`, from its lock, once it has a checkpoint. */
async function checkpointedCli(out: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const log = await Deno.readTextFile(`${out}/run.jsonl`).catch(() => "");
    const lock = await Deno.readTextFile(`${out}/.mnist-train.lock`).catch(() => "");
    if (log.includes('"type":"checkpoint"') && /^\d+\n/.test(lock)) return Number.parseInt(lock, 10);
  }
  throw new Error(`no CLI took the lock of ${out} with a checkpoint in 20 s`);
}

/** Whether process `pid` exists (SIGCONT changes nothing for a running process; /proc needs --allow-all). */
function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

Deno.test("launcher: SIGTERM or SIGHUP to the launcher stops the CLI as Ctrl-C does, exit 128 + the signal", async () => {
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    const out = await tempDir();
    const { launcher, pid } = await trainingChild(out);
    launcher.kill(signal);
    // The launcher's exit, not its output's end: an orphaned CLI would hold the pipes open.
    const status = await launcher.status;
    const orphan = alive(pid);
    if (orphan) Deno.kill(pid, "SIGKILL");
    await launcher.stdout.cancel();
    await launcher.stderr.cancel();
    check(!orphan, `${signal}: the CLI (PID ${pid}) outlived the launcher`);
    check(status.code === code, `${signal}: exit ${status.code}, expected ${code}`);
    const last = JSON.parse(
      (await Deno.readTextFile(`${out}/run.jsonl`)).trimEnd().split("\n").at(-1) as string,
    );
    check(
      last.type === "error" &&
        last.message.startsWith(`Interrupted by Ctrl-C or ${signal}; the last checkpoint`),
      `${signal}: the log ends interrupted: ${JSON.stringify(last)}`,
    );
    check(
      !(await Deno.stat(`${out}/.mnist-train.lock`).then(
        () => true,
        () => false,
      )),
      "the lock is released",
    );
  }
});

Deno.test("launcher: when its parent ends without passing a signal on (pnpm on SIGTERM), the CLI stops", async () => {
  const out = await tempDir();
  // A shell starts the launcher in the background, prints its PID and waits; SIGKILL ends the shell
  // alone, as pnpm ends on SIGTERM, leaving the launcher to init.
  const train = mnistArgs(
    "train",
    "--epochs",
    "500",
    "--out",
    out,
    "--limit",
    "5000",
    "--backend",
    "cpu",
    "--quiet",
  );
  const quoted = [Deno.execPath(), ...train].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const shell = new Deno.Command("sh", {
    args: ["-c", `${quoted} >/dev/null 2>&1 & echo $!; wait`],
    stdout: "piped",
  }).spawn();
  const reader = shell.stdout.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  const launcherPid = Number.parseInt(first, 10);
  const pid = await checkpointedCli(out);
  shell.kill("SIGKILL");
  await shell.status;
  reader.releaseLock();
  await shell.stdout.cancel();
  let gone = false;
  for (let i = 0; i < 200 && !gone; i++) {
    await new Promise((r) => setTimeout(r, 50));
    gone = !alive(launcherPid) && !alive(pid);
  }
  for (const p of [launcherPid, pid]) if (alive(p)) Deno.kill(p, "SIGKILL");
  check(gone, "the launcher or the CLI outlived the launcher's parent by 10 s");
  const last = JSON.parse(
    (await Deno.readTextFile(`${out}/run.jsonl`)).trimEnd().split("\n").at(-1) as string,
  );
  check(
    last.type === "error" && last.message.startsWith("Interrupted by Ctrl-C or SIGTERM; the last checkpoint"),
    `the log ends interrupted: ${JSON.stringify(last)}`,
  );
});

Deno.test("launcher: a CLI killed by SIGKILL makes the launcher exit 137, not 143", async () => {
  const out = await tempDir();
  const { launcher, pid } = await trainingChild(out);
  Deno.kill(pid, "SIGKILL");
  const status = await launcher.output();
  check(status.code === 137, `exit ${status.code}, expected 137`);
});
