import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.ts";
import { createCpuBackend } from "../cpu/cpu_backend.ts";
import { assertConformance, checkConformance } from "./check_conformance.ts";
import { conformanceCases } from "./conformance.ts";
import { createReferenceBackend } from "./reference_backend.ts";

for (const kernel of ["simd", "sparse", "dense"] as const) {
  describe(`cpu backend (${kernel}) conformance (Node)`, () => {
    for (const c of conformanceCases()) {
      it(`${c.name} [${c.tolerance}]`, () => c.run(createCpuBackend({ kernel }), createReferenceBackend()));
    }
  });
}

/** The CPU backend with one op replaced, to show the suite notices. */
function broken(patch: (cpu: Backend) => Partial<Backend>): Backend {
  const cpu = createCpuBackend();
  const patched: Partial<Backend> = patch(cpu);
  return new Proxy(cpu, {
    get(target, key) {
      const own = patched[key as keyof Backend];
      if (own !== undefined) return own;
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function failures(candidate: Backend, prefix: string): Promise<string[]> {
  const failed: string[] = [];
  for (const c of conformanceCases().filter((c) => c.name.startsWith(prefix))) {
    await c.run(candidate, createReferenceBackend()).catch((e: Error) => failed.push(e.message));
  }
  return failed;
}

describe("the conformance suite catches broken backends", () => {
  it("a forward pass that writes past n×C", async () => {
    const be = broken((cpu) => ({
      linearForward(ds, rows, w, b, out) {
        cpu.linearForward(ds, rows, w, b, out);
        cpu.write(out, new Float32Array([0]), out.length - 1);
      },
    }));
    expect((await failures(be, "linearForward")).join("\n")).toMatch(
      /linearForward out\[\d+\] is 0, expected 42/,
    );
  });
  it("a weight gradient that ignores the row order", async () => {
    const be = broken((cpu) => ({
      linearBackward(ds, rows, g, gw, gb) {
        cpu.linearBackward(ds, { ...rows, order: null }, g, gw, gb);
      },
    }));
    const failed = await failures(be, "linearBackward");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatch(/^Cannot match reference: linearBackward gw\[\d+\]/);
  });
  it("a logit gradient twice too large", async () => {
    const double = { lr: -1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, step: 1 };
    const be = broken((cpu) => ({
      lossAndGrad(kind, z, ds, rows, grad, stats, confusion) {
        cpu.lossAndGrad(kind, z, ds, rows, grad, stats, confusion);
        if (grad !== null) cpu.sgdStep(grad, grad, null, double); // grad −= −1·grad
      },
    }));
    expect((await failures(be, "lossAndGrad")).some((m) => m.includes("grad["))).toBe(true);
  });
  it("an SGD step that starts momentum from zero on step 1", async () => {
    const be = broken((cpu) => ({
      sgdStep(param, grad, velocity, p) {
        if (velocity !== null && p.step === 1) cpu.fill(velocity, 0);
        cpu.sgdStep(param, grad, velocity, { ...p, step: p.step === 1 ? 2 : p.step });
      },
    }));
    expect((await failures(be, "sgdStep momentum")).length).toBeGreaterThan(0);
  });
});

describe("checkConformance / assertConformance", () => {
  it("pass the CPU backend on every case", async () => {
    const report = await assertConformance(createCpuBackend());
    expect(report.failed).toEqual([]);
    expect(report.passed).toEqual(conformanceCases().map((c) => c.name));
  });

  it("report a broken op with the case and the first mismatch, and throw in one line", async () => {
    const be = broken((cpu) => ({
      softmax(z, out, classes) {
        cpu.softmax(z, out, classes);
        if (classes === 17) cpu.write(out, new Float32Array([0.5]));
      },
    }));
    const seen: string[] = [];
    const softmaxOnly = {
      filter: (name: string) => name.startsWith("softmax"),
      onCase: (n: string, e?: Error) => seen.push(`${n}: ${e ? "failed" : "ok"}`),
    };
    const report = await checkConformance(be, softmaxOnly);
    expect(report.failed.map((f) => f.name)).toEqual(
      conformanceCases()
        .map((c) => c.name)
        .filter((n) => /^softmax.*17/.test(n)),
    );
    expect(report.failed[0].message).toMatch(/^Cannot match reference: .*\[0\] is 0.5, expected /);
    expect(seen).toHaveLength(report.passed.length + 1);
    await expect(assertConformance(be, softmaxOnly)).rejects.toThrow(
      /^Cannot confirm that the cpu backend conforms: 1 of 6 cases failed: softmax.*17.* \[.*\]: Cannot match reference: .*\[0\] is 0.5/,
    );
  });

  it("stop when aborted", async () => {
    const controller = new AbortController();
    const report = await checkConformance(createCpuBackend(), {
      onCase: () => controller.abort(),
      signal: controller.signal,
    });
    expect(report.passed).toHaveLength(1);
  });
});
