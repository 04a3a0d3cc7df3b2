import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.ts";
import { createCpuBackend } from "../cpu/cpu_backend.ts";
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
