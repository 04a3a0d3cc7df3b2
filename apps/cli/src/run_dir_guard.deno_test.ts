// The lock of a run or sweep directory, taken in this process and met by a second claim.
import { join } from "node:path";
import { check, tempDir } from "./_test_helpers.ts";
import { type ClaimOptions, claimRunDir, LOCK_FILE } from "./run_dir_guard.ts";
import { UsageError } from "./usage_error.ts";

async function refusal(path: string, options: ClaimOptions): Promise<string> {
  try {
    const claim = await claimRunDir(path, options);
    await claim.release(true);
  } catch (error) {
    check(error instanceof UsageError, `expected a UsageError, got ${error}`);
    return (error as Error).message;
  }
  throw new Error(`expected ${path} to be refused while locked`);
}

Deno.test("a locked directory names the command that holds it and what the claimer expected", async () => {
  const base = await tempDir();
  const dataDir = join(base, "data");
  const sweepDir = join(base, "sweep");
  const sweep = await claimRunDir(sweepDir, { flag: "--out", reuse: false, dataDir, kind: "sweep" });
  try {
    check((await Deno.readTextFile(join(sweepDir, LOCK_FILE))) === `${Deno.pid} sweep\n`, "a sweep's lock");
    const again = await refusal(sweepDir, { flag: "--resume", reuse: true, dataDir, kind: "sweep" });
    check(
      again ===
        `Cannot use --resume ${sweepDir}: another "mnist sweep" (PID ${Deno.pid}) is writing it, expected one sweep per directory at a time`,
      again,
    );
    const run = await refusal(sweepDir, { flag: "--out", reuse: true, dataDir });
    check(
      run.includes(`another "mnist sweep" (PID ${Deno.pid})`) &&
        run.endsWith("one run per directory at a time"),
      run,
    );
  } finally {
    await sweep.release(true);
  }
  const runDir = join(base, "run");
  const train = await claimRunDir(runDir, { flag: "--out", reuse: false, dataDir });
  try {
    check(
      (await Deno.readTextFile(join(runDir, LOCK_FILE))) === `${Deno.pid}\n`,
      "a run's lock: its PID alone",
    );
    const bySweep = await refusal(runDir, { flag: "--out", reuse: true, dataDir, kind: "sweep" });
    check(
      bySweep ===
        `Cannot use --out ${runDir}: another "mnist train" (PID ${Deno.pid}) is writing it, expected one sweep per directory at a time`,
      bySweep,
    );
  } finally {
    await train.release(true);
  }
});

Deno.test("a run directory inside a running sweep is refused to any claimer but the sweep itself", async () => {
  const base = await tempDir();
  const dataDir = join(base, "data");
  const sweepDir = join(base, "sweep");
  const member = join(sweepDir, "01_lr=0.01");
  const sweep = await claimRunDir(sweepDir, { flag: "--out", reuse: false, dataDir, kind: "sweep" });
  try {
    for (const flag of ["--out", "--resume"]) {
      const message = await refusal(member, { flag, reuse: true, dataDir });
      check(
        message ===
          `Cannot use ${flag} ${member}: it is in the sweep directory ${sweepDir}, which "mnist sweep" (PID ${Deno.pid}) is writing, expected a run directory outside a running sweep (or wait for it to end)`,
        message,
      );
    }
    // The trailing-slash and dot spellings name the same member.
    check(
      (await refusal(`${member}/`, { flag: "--out", reuse: false, dataDir })).includes("mnist sweep"),
      "slash",
    );
    check(
      (await refusal(`${member}/.`, { flag: "--out", reuse: false, dataDir })).includes("mnist sweep"),
      "dot",
    );
    // Refused before anything is made: the member directory was never created.
    check(
      !(await Deno.stat(member).then(
        () => true,
        () => false,
      )),
      "no member directory made",
    );
    const own = await claimRunDir(member, { flag: "--out", reuse: true, dataDir, sweepMember: true });
    await own.release(true);
  } finally {
    await sweep.release(true);
  }
  // Once the sweep has ended its directories are runs like any other.
  const after = await claimRunDir(member, { flag: "--out", reuse: false, dataDir });
  await after.release(true);
});
