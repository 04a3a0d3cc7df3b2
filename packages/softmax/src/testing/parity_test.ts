import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadMnist } from "@mnist/idx";
import { mnistDataDir } from "@mnist/idx/fs";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { describe, expect, it } from "vitest";
import { PARITY_CASES, type ParityFixture, parityFailures, runParityCase } from "./parity.ts";

const here = dirname(fileURLToPath(import.meta.url));
const fixtureDir = join(here, "../../test/fixtures/torch-parity");
const dataDir = mnistDataDir(import.meta.url);
const data = loadMnist((name) => readFile(join(dataDir, name)));

describe("PyTorch parity on the CPU backend", () => {
  for (const name of PARITY_CASES) {
    it(`${name}: per-step losses, final W and b within 1e-5, test accuracy and confusion exact`, async () => {
      const fixture: ParityFixture = JSON.parse(await readFile(join(fixtureDir, `${name}.json`), "utf8"));
      const report = await runParityCase(createCpuBackend(), fixture, await data);
      expect(report.lossPerStep).toHaveLength(20);
      expect(parityFailures(report)).toEqual([]);
    });
  }

  it("parityFailures reports a perturbed run", async () => {
    const fixture: ParityFixture = JSON.parse(await readFile(join(fixtureDir, "ce-sgd.json"), "utf8"));
    const wrong = { ...fixture, case: { ...fixture.case, lr: fixture.case.lr * 1.01 } };
    const report = await runParityCase(createCpuBackend(), wrong, await data);
    const failures = parityFailures(report);
    expect(failures.some((f) => f.includes("final weight"))).toBe(true);
  });
});
