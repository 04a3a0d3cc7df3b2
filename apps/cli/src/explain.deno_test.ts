// `mnist predict --explain`: the picture, the printed breakdown and the grants, as a user runs it.

import { diverging } from "@mnist/metrics";
import { check, expectCode, mnist, tempDir } from "./_test_helpers.ts";
import { parseFlags } from "./flags.ts";
import { decodePng } from "./image/png.ts";
import { permissionFlags } from "./launcher.ts";
import { predictCommand } from "./predict.ts";

let model: string | undefined;
async function trainedModel(): Promise<string> {
  if (model) return model;
  const out = await tempDir();
  const args = ["--epochs", "1", "--limit", "10000", "--loss", "cross-entropy", "--lr", "0.5"];
  expectCode(await mnist("train", ...args, "--backend", "cpu", "--quiet", "--out", out), 0);
  return (model = out);
}

interface Row {
  name: string;
  bias: number;
  sum: number;
  logit: number;
  p: number;
  role: string;
}

/** The breakdown table's rows: `name bias + sum = logit probability [role]`. */
function tableRows(stdout: string): Row[] {
  const number = String.raw`(-?\d+\.\d{4})`;
  const row = new RegExp(
    String.raw`^  (\S+)\s+${number} \+\s+${number} =\s+${number}\s+(\d\.\d{4})( \S+)?$`,
    "gm",
  );
  return [...stdout.matchAll(row)].map((m) => ({
    name: m[1],
    bias: Number(m[2]),
    sum: Number(m[3]),
    logit: Number(m[4]),
    p: Number(m[5]),
    role: (m[6] ?? "").trim(),
  }));
}

Deno.test("predict --explain writes the input and two maps with a legend, and prints sums that add up", async () => {
  const dir = await trainedModel();
  const tmp = await tempDir();
  const out = `${tmp}/why.png`;
  const run = await mnist("predict", "--model", dir, "--index", "8", "--explain", out);
  expectCode(run, 0);
  const rows = tableRows(run.stdout);
  check(rows.length === 10, `expected ten classes in the breakdown:\n${run.stdout}`);
  for (const r of rows) {
    // Each printed number is rounded to 4 decimals, so the printed sum may be off by 1.5e-4.
    check(
      Math.abs(r.bias + r.sum - r.logit) <= 1.5e-4,
      `bias + contributions ≠ logit in ${JSON.stringify(r)}`,
    );
  }
  const total = rows.reduce((s, r) => s + r.p, 0);
  check(Math.abs(total - 1) <= 5e-4, `probabilities sum to ${total}`);
  const predicted = rows.find((r) => r.role === "predicted");
  const runnerUp = rows.find((r) => r.role === "runner-up");
  check(predicted && runnerUp, run.stdout);
  check(
    rows.every((r) => r === predicted || r.logit <= predicted.logit),
    "the predicted class has the top logit",
  );
  check(
    rows.every((r) => r === predicted || r === runnerUp || r.logit <= runnerUp.logit),
    "runner-up second",
  );
  // The same prediction as the ordinary output above it (probability to 3 decimals).
  const first = run.stdout.match(/: predicted (\S+) \(p = (\d\.\d{3})/);
  check(first?.[1] === predicted.name && Math.abs(Number(first[2]) - predicted.p) <= 6e-4, run.stdout);
  check(
    /strongest pixels \(row, col\) for \S+, predicted:\n {4}raise: \(\d+, \d+\) \+\d/.test(run.stdout),
    run.stdout,
  );

  const png = await decodePng(await Deno.readFile(out), out);
  check(
    png.width === 720 && png.height === 272 && png.channels === 3,
    `picture is ${png.width}×${png.height}`,
  );
  check([...Deno.readDirSync(tmp)].length === 1, "only the picture is left in its directory");

  // The maps show the printed numbers: the strongest pixel of the predicted class has its colour.
  const json = await mnist("predict", "--model", dir, "--index", "8", "--explain", out, "--json");
  expectCode(json, 0);
  const e = JSON.parse(json.stdout.trim().split("\n").at(-1)!);
  const top = e.classes[e.predicted].topPositive[0];
  const x = 8 + 224 + 16 + top.col * 8 + 4;
  const y = 8 + top.row * 8 + 4;
  const again = await decodePng(await Deno.readFile(out), out);
  const at = Array.from(again.data.subarray((y * again.width + x) * 3, (y * again.width + x) * 3 + 3));
  const want = diverging(top.contribution / e.scale);
  check(
    JSON.stringify(at) === JSON.stringify(want),
    `pixel (${top.row}, ${top.col}) is ${at}, expected ${want}`,
  );
  check(e.classes.length === 10 && e.predictedName === predicted.name, json.stdout);
});

Deno.test("predict --explain: one image only, a .png name, an existing directory; grants exactly that file", async () => {
  const dir = await trainedModel();
  const tmp = await tempDir();
  const two = await mnist("predict", "--model", dir, "a.png", "b.png", "--explain", `${tmp}/x.png`);
  expectCode(two, 2);
  check(two.stderr.includes("Cannot use --explain"), two.stderr);
  check(two.stderr.includes("2 images given, expected one image or --index N"), two.stderr);
  const name = await mnist("predict", "--model", dir, "--index", "0", "--explain", `${tmp}/x.jpg`);
  expectCode(name, 2);
  check(
    name.stderr.includes(`Cannot use --explain ${tmp}/x.jpg: expected a file name ending in .png`),
    name.stderr,
  );
  const missing = await mnist("predict", "--model", dir, "--index", "0", "--explain", `${tmp}/no/x.png`);
  expectCode(missing, 2);
  check(missing.stderr.includes(`Cannot write --explain ${tmp}/no/x.png: not found`), missing.stderr);

  const flags = parseFlags(
    "predict",
    ["--model", "m.safetensors", "--explain", "out/why.png", "d.png"],
    predictCommand.flags,
    Number.POSITIVE_INFINITY,
  );
  const perms = permissionFlags(predictCommand.access(flags));
  const write = perms.find((p) => p.startsWith("--allow-write="));
  check(write === "--allow-write=out/why.png,out/.why.png.tmp", perms.join(" "));
});
