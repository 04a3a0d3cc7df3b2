import { join } from "node:path";
import { loadMnist } from "@mnist/idx";
import { mnistDataDir } from "@mnist/idx/fs";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { type ParityFixture, parityFailures, runParityCase } from "./parity.ts";

const dataDir = mnistDataDir(import.meta.url);
const fixtureDir = new URL("../../test/fixtures/torch-parity/", import.meta.url);

for (const name of ["mse-sgd", "ce-adam"]) {
  Deno.test(`PyTorch parity under Deno on the CPU backend: ${name}`, async () => {
    const fixture: ParityFixture = JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, fixtureDir)));
    const data = await loadMnist((file) => Deno.readFile(join(dataDir, file)));
    const report = await runParityCase(createCpuBackend(), fixture, data);
    const failures = parityFailures(report);
    if (report.lossPerStep.length !== 20 || failures.length > 0) {
      throw new Error(`parity failed: ${report.lossPerStep.length} steps; ${failures.join("; ")}`);
    }
  });
}
