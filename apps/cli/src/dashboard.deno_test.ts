// `mnist dashboard`: the handler in-process (content types, ranges, 404, traversal, links out, the run
// list and its statuses), then the CLI through the launcher (the URL it prints, the port taken, the
// grants its sandbox gets and what they keep it from doing).
import { join } from "node:path";
import { formatRecord, type RunLogRecord } from "@mnist/metrics";
import { CONFIG, check, expectCode, mnist, mnistCommand, tempDir } from "./_test_helpers.ts";
import {
  byteRange,
  dashboardHandler,
  pathSegments,
  type RunsResponse,
  SERVER_MARKER,
} from "./dashboard_server.ts";
import { permissionFlags, planOf } from "./launcher.ts";
import { LOCK_FILE } from "./run_dir_guard.ts";
import type { RunSummary } from "./runs_index.ts";

const START: RunLogRecord = {
  type: "run-start",
  version: "1.2",
  time: "2026-01-01T00:00:00.000Z",
  config: { preset: "tutorial", loss: "mse", optimizer: "sgd", lr: 0.05, batchSize: 100, epochs: 3 },
  seed: 0,
  backend: "cpu",
};
const epoch = (n: number, test: number, val?: number): RunLogRecord => ({
  type: "epoch",
  epoch: n,
  trainAccuracy: 0.5,
  testAccuracy: test,
  trainLoss: 1,
  testLoss: 1,
  seconds: 2,
  ...(val === undefined ? {} : { valAccuracy: val, valLoss: 1 }),
});
const log = (...records: RunLogRecord[]) => records.map(formatRecord).join("");

/** A site: a minimal build (index.html, a script) and a runs directory with `runs` written into it. */
async function site(runs: Record<string, string>) {
  const root = await tempDir();
  const app = join(root, "app");
  const runsDir = join(root, "runs");
  await Deno.mkdir(join(app, "assets"), { recursive: true });
  await Deno.writeTextFile(join(app, "index.html"), "<!doctype html><title>dashboard</title>");
  await Deno.writeTextFile(join(app, "assets", "main.js"), "console.log(1);");
  for (const [name, text] of Object.entries(runs)) {
    await Deno.mkdir(join(runsDir, name), { recursive: true });
    await Deno.writeTextFile(join(runsDir, name, "run.jsonl"), text);
  }
  await Deno.mkdir(runsDir, { recursive: true });
  const handler = dashboardHandler({ appDir: app, runsDir });
  const get = (path: string, init: RequestInit = {}) => handler(new Request(`http://127.0.0.1${path}`, init));
  return { root, app, runsDir, get };
}

async function listRuns(get: (path: string) => Promise<Response>): Promise<RunSummary[]> {
  const response = await get("/api/runs");
  check(response.status === 200, `GET /api/runs: ${response.status}`);
  return ((await response.json()) as RunsResponse).runs;
}

Deno.test("dashboard: files are served with their content types, whole, by range, and HEAD", async () => {
  const s = await site({ a: log(START, epoch(1, 0.8)) });
  await Deno.writeFile(join(s.runsDir, "a", "model.safetensors"), new Uint8Array([1, 2, 3]));
  await Deno.writeTextFile(join(s.runsDir, "a", "accuracy.svg"), "<svg/>");
  const types: [string, RegExp][] = [
    ["/", /^text\/html/],
    ["/index.html", /^text\/html/],
    ["/assets/main.js", /^text\/javascript/],
    ["/runs/a/run.jsonl", /^application\/x-ndjson/],
    ["/runs/a/model.safetensors", /^application\/octet-stream$/],
    ["/runs/a/accuracy.svg", /^image\/svg\+xml$/],
  ];
  for (const [path, type] of types) {
    const r = await s.get(path);
    check(r.status === 200, `${path}: ${r.status}`);
    check(type.test(r.headers.get("content-type") ?? ""), `${path}: ${r.headers.get("content-type")}`);
    check(r.headers.get("x-content-type-options") === "nosniff", `${path}: nosniff`);
    check(r.headers.get("access-control-allow-origin") === null, `${path}: no CORS`);
    await r.body?.cancel();
  }
  const page = await (await s.get("/")).text();
  check(
    page.includes(SERVER_MARKER) && page.includes("<title>dashboard</title>"),
    `the marked page: ${page}`,
  );
  const text = await Deno.readTextFile(join(s.runsDir, "a", "run.jsonl"));
  const ranged = await s.get("/runs/a/run.jsonl", { headers: { range: "bytes=10-" } });
  check(ranged.status === 206, `range: ${ranged.status}`);
  check(ranged.headers.get("content-range") === `bytes 10-${text.length - 1}/${text.length}`, "range header");
  check((await ranged.text()) === text.slice(10), "the bytes from 10 on");
  const past = await s.get("/runs/a/run.jsonl", { headers: { range: `bytes=${text.length}-` } });
  check(past.status === 416 && past.headers.get("content-range") === `bytes */${text.length}`, "416");
  await past.body?.cancel();
  const head = await s.get("/runs/a/model.safetensors", { method: "HEAD" });
  check(head.status === 200 && head.headers.get("content-length") === "3" && head.body === null, "HEAD");
  check(
    JSON.stringify(byteRange("bytes=-2", 10)) === "[8,9]" && byteRange("bytes=5-2", 10) === null,
    "suffix and reversed ranges",
  );
  await Deno.remove(s.root, { recursive: true });
});

Deno.test("dashboard: read-only, nothing outside the two directories, no hidden files", async () => {
  const s = await site({ a: log(START) });
  const secret = join(s.root, "secret.txt");
  await Deno.writeTextFile(secret, "SECRET-CONTENT");
  await Deno.writeTextFile(join(s.runsDir, "a", LOCK_FILE), "1\n");
  await Deno.symlink(secret, join(s.runsDir, "a", "leak.txt"));
  await Deno.symlink(s.root, join(s.runsDir, "up"));
  await Deno.symlink(join(s.runsDir, "a", "run.jsonl"), join(s.runsDir, "a", "inside.jsonl"));
  for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
    const r = await s.get("/runs/a/run.jsonl", { method });
    check(r.status === 405 && r.headers.get("allow") === "GET, HEAD", `${method}: ${r.status}`);
    await r.body?.cancel();
  }
  const refused: [string, number][] = [
    ["/missing.html", 404],
    ["/runs/a/none.jsonl", 404],
    ["/runs/a", 404], // a directory
    [`/runs/a/${LOCK_FILE}`, 400],
    ["/runs/a/leak.txt", 403],
    ["/runs/up/secret.txt", 403],
    ["/runs/%2e%2e/secret.txt", 404], // the URL parser folds it to /secret.txt, looked up in the build
    ["/runs/..%2fsecret.txt", 400],
    ["/runs/a%2f..%2f..%2fsecret.txt", 400],
    ["/runs/..%5csecret.txt", 400],
    ["//etc/passwd", 400],
    ["/runs//etc/passwd", 400],
    ["/runs/%00", 400],
  ];
  for (const [path, status] of refused) {
    const r = await s.get(path);
    const body = await r.text();
    check(r.status === status, `${path}: ${r.status}, expected ${status}`);
    check(!body.includes("SECRET"), `${path} leaked the file outside`);
  }
  check(
    (await (await s.get("/runs/a/inside.jsonl")).text()).startsWith('{"type":"run-start"'),
    "link inside",
  );
  // The URL parser already folds `..`; the segment check is the second line of defence.
  check(pathSegments("/runs/../x") === null && pathSegments("/a/./b") === null, "dot segments");
  check(JSON.stringify(pathSegments("/runs/a%20b/")) === '["runs","a b"]', "decoded, trailing slash");
  const named = dashboardHandler({ appDir: s.app, runsDir: s.runsDir, hosts: ["127.0.0.1:9"] });
  const rebound = await named(new Request("http://evil.example/api/runs"));
  check(rebound.status === 421, `another Host header: ${rebound.status}`);
  await rebound.body?.cancel();
  await Deno.remove(s.root, { recursive: true });
});

Deno.test("dashboard: /api/runs summarises each run, its status and a log cut mid-line", async () => {
  const end: RunLogRecord = {
    type: "run-end",
    time: "2026-01-01T00:01:00.000Z",
    seconds: 60,
    testAccuracy: 0.9,
  };
  const failure: RunLogRecord = { type: "error", time: "2026-01-01T00:01:00.000Z", message: "loss is NaN" };
  const later = { ...START, time: "2026-01-02T00:00:00.000Z" };
  const s = await site({
    done: log(START, epoch(1, 0.8, 0.7), epoch(2, 0.95, 0.9), epoch(3, 0.9, 0.85), end),
    failed: log(START, epoch(1, 0.5), failure),
    cut: `${log(later, epoch(1, 0.6))}{"type":"epoch","epo`,
    live: log(START, epoch(1, 0.7)),
    "sweep/trial-1": log(START),
    ctrlc: log(START, epoch(1, 0.5), {
      ...failure,
      message: "Interrupted by Ctrl-C; the last checkpoint is after epoch 1",
    }),
    ".hidden": log(START),
  });
  await Deno.writeTextFile(join(s.runsDir, "notes.txt"), "not a run");
  // A live writer holds the lock, as `mnist train` does (run_dir_guard.ts).
  const lock = await Deno.open(join(s.runsDir, "live", LOCK_FILE), { write: true, create: true });
  await lock.lock(true);
  // A lock file whose writer is gone reads as free.
  await Deno.writeTextFile(join(s.runsDir, "cut", LOCK_FILE), "99999\n");
  try {
    const runs = await listRuns(s.get);
    const by = new Map(runs.map((r) => [r.name, r]));
    check(
      [...by.keys()].sort().join() === "ctrlc,cut,done,failed,live,sweep/trial-1",
      `names: ${[...by.keys()]}`,
    );
    check(runs[0].name === "cut", "newest first");
    const done = by.get("done")!;
    check(
      done.status === "finished" && done.epochsDone === 3 && done.epochsTotal === 3,
      JSON.stringify(done),
    );
    check(done.finalTestAccuracy === 0.9 && done.bestTestAccuracy === 0.95, "final and best test");
    check(done.finalValAccuracy === 0.85 && done.bestValAccuracy === 0.9, "final and best validation");
    check(done.seconds === 60 && done.log === "/runs/done/run.jsonl", "seconds, log URL");
    check(
      JSON.stringify(done.config) ===
        '{"preset":"tutorial","loss":"mse","optimizer":"sgd","lr":0.05,"batchSize":100,"epochs":3}',
      JSON.stringify(done.config),
    );
    check(by.get("failed")!.status === "failed" && by.get("failed")!.note === "loss is NaN", "failed");
    check(by.get("ctrlc")!.status === "interrupted", `Ctrl-C: ${by.get("ctrlc")!.status}`);
    check(by.get("live")!.status === "running", `live: ${by.get("live")!.status}`);
    const cut = by.get("cut")!;
    check(cut.status === "interrupted" && cut.epochsDone === 1 && cut.problem === null, JSON.stringify(cut));
    check(by.get("sweep/trial-1")!.log === "/runs/sweep/trial-1/run.jsonl", "a run one level down");
    // The writer finishes the cut line and goes on: only what was appended is read.
    await Deno.writeTextFile(
      join(s.runsDir, "cut", "run.jsonl"),
      'ch":2,"trainAccuracy":0.5,"testAccuracy":0.7,"trainLoss":1,"testLoss":1,"seconds":2}\n',
      { append: true },
    );
    const grown = (await listRuns(s.get)).find((r) => r.name === "cut")!;
    check(grown.epochsDone === 2 && grown.bestTestAccuracy === 0.7, JSON.stringify(grown));
    // Replaced (--force writes a new log atomically): read afresh.
    const replaced = join(s.runsDir, "done", "next.jsonl");
    await Deno.writeTextFile(replaced, log(START, epoch(1, 0.3)));
    await Deno.rename(replaced, join(s.runsDir, "done", "run.jsonl"));
    const again = (await listRuns(s.get)).find((r) => r.name === "done")!;
    check(again.status === "interrupted" && again.epochsDone === 1, JSON.stringify(again));
  } finally {
    lock.close();
  }
  check((await listRuns(s.get)).find((r) => r.name === "live")!.status === "interrupted", "lock dropped");
  await Deno.remove(s.root, { recursive: true });
});

/** Starts `mnist dashboard …` through the launcher; resolves with its URL once it prints it. */
async function startDashboard(...args: string[]) {
  const child = mnistCommand("dashboard", ...args).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!/http:\/\/\S+\//.test(out)) {
    const { done, value } = await reader.read();
    if (done) break;
    out += value;
  }
  const url = /http:\/\/\S+\//.exec(out)?.[0];
  const stop = async () => {
    child.kill("SIGINT");
    reader.releaseLock();
    await child.stdout.cancel().catch(() => {});
    const stderr = await new Response(child.stderr).text();
    return { status: await child.status, stderr };
  };
  if (url === undefined) {
    const { stderr } = await stop();
    throw new Error(`mnist dashboard printed no URL: ${out} ${stderr}`);
  }
  return { url, stop };
}

Deno.test("dashboard: the CLI serves a real run on 127.0.0.1, and a taken port is one error line", async () => {
  const s = await site({});
  expectCode(
    await mnist(
      "train",
      "--epochs",
      "1",
      "--limit",
      "300",
      "--backend",
      "cpu",
      "--quiet",
      "--out",
      join(s.runsDir, "r"),
    ),
    0,
  );
  const server = await startDashboard(s.runsDir, "--port", "0", "--app", s.app);
  try {
    check(/^http:\/\/127\.0\.0\.1:\d+\/$/.test(server.url), server.url);
    const body = (await (await fetch(`${server.url}api/runs`)).json()) as RunsResponse;
    const run = body.runs[0];
    check(body.runs.length === 1 && run.status === "finished" && run.hasModel, JSON.stringify(body));
    check(
      run.dataset === "mnist" && run.epochsDone === 1 && (run.finalTestAccuracy ?? 0) > 0,
      JSON.stringify(run),
    );
    const model = await fetch(`${server.url}runs/r/model.safetensors`);
    const bytes = await Deno.readFile(join(s.runsDir, "r", "model.safetensors"));
    const served = new Uint8Array(await model.arrayBuffer());
    check(
      model.status === 200 && served.length === bytes.length && served.every((b, i) => b === bytes[i]),
      "model bytes",
    );
    const port = new URL(server.url).port;
    // Request targets as a hostile client writes them, not as fetch would normalise them.
    for (const target of [
      "/runs/../../../../etc/passwd",
      "/runs/r/../../../etc/passwd",
      "/%2e%2e/%2e%2e/etc/passwd",
    ]) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
      await conn.write(
        new TextEncoder().encode(
          `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
        ),
      );
      const reply = await new Response(conn.readable).text();
      check(
        /^HTTP\/1\.1 40[034] /.test(reply) && !reply.includes("root:"),
        `${target}: ${reply.slice(0, 80)}`,
      );
    }
    const taken = await mnist("dashboard", s.runsDir, "--port", port, "--app", s.app);
    check(taken.code === 2, `exit ${taken.code}: ${taken.stderr}`);
    check(
      new RegExp(
        `^mnist: Cannot listen on 127\\.0\\.0\\.1:${port}: the port is taken[^\\n]*expected a free port[^\\n]*\\n$`,
      ).test(taken.stderr),
      taken.stderr,
    );
  } finally {
    const { status, stderr } = await server.stop();
    check(status.code === 0, `exit ${status.code} after SIGINT: ${stderr}`);
  }
  const missing = await mnist("dashboard", s.runsDir, "--app", s.runsDir);
  check(
    missing.code === 2 && missing.stderr.includes("pnpm --filter @mnist/dashboard build"),
    missing.stderr,
  );
  await Deno.remove(s.root, { recursive: true });
});

Deno.test("dashboard: the launcher grants read of the two directories and one loopback port, nothing else", async () => {
  const flags = permissionFlags(planOf(["dashboard", "runs", "--port", "0", "--app", "dist"]).access);
  check(flags.join(" ") === "--allow-read=runs,dist --allow-net=127.0.0.1:0", flags.join(" "));
  // What those grants allow, tried by a process that holds exactly them.
  const s = await site({});
  const probe = join(s.root, "probe.ts");
  await Deno.writeTextFile(
    probe,
    `const tries = {
  readRuns: () => Deno.readDir(${JSON.stringify(s.runsDir)})[Symbol.asyncIterator]().next(),
  readElsewhere: () => Deno.readTextFile("/etc/hostname"),
  write: () => Deno.writeTextFile(${JSON.stringify(join(s.runsDir, "x"))}, "x"),
  listenLoopbackAnyPort: async () => Deno.listen({ hostname: "127.0.0.1", port: 0 }).close(),
  listenOtherPort: async () => Deno.listen({ hostname: "127.0.0.1", port: 8081 }).close(),
  listenAllInterfaces: async () => Deno.listen({ hostname: "0.0.0.0", port: 0 }).close(),
  connectOut: () => Deno.connect({ hostname: "127.0.0.1", port: 22 }),
};
const out = {};
for (const [name, f] of Object.entries(tries)) {
  try { await f(); out[name] = "ok"; } catch (e) { out[name] = e.constructor.name; }
}
console.log(JSON.stringify(out));`,
  );
  const grants = permissionFlags(planOf(["dashboard", s.runsDir, "--port", "0", "--app", s.app]).access);
  const run = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--no-prompt", `--config=${CONFIG}`, ...grants, probe],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const seen = JSON.parse(new TextDecoder().decode(run.stdout));
  check(seen.readRuns === "ok" && seen.listenLoopbackAnyPort === "ok", JSON.stringify(seen));
  for (const denied of ["readElsewhere", "write", "listenOtherPort", "listenAllInterfaces", "connectOut"])
    check(seen[denied] === "NotCapable", `${denied}: ${seen[denied]}`);
  await Deno.remove(s.root, { recursive: true });
});
