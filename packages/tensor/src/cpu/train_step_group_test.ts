import { describe, expect, it } from "vitest";
import { bits, evaluateMembers, trainMembers } from "./_group_fixture.ts";
import { createCpuBackend } from "./cpu_backend.ts";

// One thread here (Node has no web Worker); group_threads.deno_test.ts runs the same checks on two.
describe("cpu trainStepGroup", () => {
  for (const kernel of ["simd", "sparse", "dense"] as const) {
    it(`gives every member bit for bit what its own trainStep gives (${kernel})`, async () => {
      const group = await trainMembers(createCpuBackend({ kernel }), true);
      const single = await trainMembers(createCpuBackend({ kernel }), false);
      expect(group.map((a) => a.length)).toEqual(single.map((a) => a.length));
      for (let i = 0; i < group.length; i++) expect(bits(group[i])).toEqual(bits(single[i]));
      expect(group[0].some((x, i) => x !== group[0][i % (784 * 10)])).toBe(true); // the members differ
    });
  }
});

describe("cpu evaluateGroup", () => {
  for (const kernel of ["simd", "sparse", "dense"] as const) {
    for (const shuffled of [false, true]) {
      it(`gives every member bit for bit its own linearForward and lossAndGrad (${kernel}${shuffled ? ", permuted rows" : ""})`, async () => {
        const [stats, confusion] = await evaluateMembers(createCpuBackend({ kernel }), true, shuffled);
        const [stats1, confusion1] = await evaluateMembers(createCpuBackend({ kernel }), false, shuffled);
        expect(bits(stats)).toEqual(bits(stats1));
        expect(confusion).toEqual(confusion1);
        expect(stats[1]).not.toBe(stats[3]); // the members differ
      });
    }
  }
});
