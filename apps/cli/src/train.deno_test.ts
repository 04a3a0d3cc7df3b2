// End-to-end tests of `mnist train` as a subprocess, with the same permissions as the deno task.
import { fileURLToPath as fromFileUrl } from "node:url";

const main = fromFileUrl(new URL("./main.ts", import.meta.url));
const config = fromFileUrl(new URL("../deno.json", import.meta.url));

async function mnist(...args: string[]) {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--config",
      config,
      "--allow-read",
      "--allow-write",
      "--allow-env",
      main,
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  });
  const { code, stdout, stderr } = await cmd.output();
  return { code, stdout: new TextDecoder().decode(stdout), stderr: new TextDecoder().decode(stderr) };
}

Deno.test("train --json prints only JSON lines, one epoch record per epoch, and writes run.jsonl", async () => {
  const out = await Deno.makeTempDir();
  const { code, stdout, stderr } = await mnist("train", "--epochs", "1", "--json", "--out", out);
  if (code !== 0) throw new Error(`exit ${code}: ${stderr}`);
  const records = stdout
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
  const epochs = records.filter((r) => r.type === "epoch");
  if (epochs.length !== 1) throw new Error(`expected 1 epoch record, got ${epochs.length}`);
  const e = epochs[0];
  for (const key of ["trainAccuracy", "testAccuracy", "trainLoss", "testLoss"]) {
    if (typeof e[key] !== "number") throw new Error(`epoch record lacks ${key}`);
  }
  if (!(e.trainAccuracy > 0.5 && e.trainAccuracy <= 1 && e.testAccuracy > 0.5))
    throw new Error(JSON.stringify(e));
  const log = await Deno.readTextFile(`${out}/run.jsonl`);
  if (log !== stdout) throw new Error("run.jsonl differs from the JSON printed on stdout");
});

Deno.test("an unknown flag is one line on stderr and exit code 2", async () => {
  const { code, stdout, stderr } = await mnist("train", "--epoch", "3");
  if (code !== 2) throw new Error(`expected exit 2, got ${code}`);
  if (stdout !== "" || stderr.trim().split("\n").length !== 1 || !stderr.includes("--epoch")) {
    throw new Error(`unexpected output: ${stderr}`);
  }
});
