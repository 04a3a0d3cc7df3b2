import type { Backend } from "../backend.ts";
import { bits, evaluateMembers, trainMembers } from "./_group_fixture.ts";
import { createCpuBackend } from "./cpu_backend.ts";

interface Helper {
  readonly ready: boolean;
  readonly handoffs: number;
  readonly groupQueue: { patience: number; moves: number } | null;
}

async function twoThreads(): Promise<[Backend, Helper]> {
  const be = createCpuBackend({ kernel: "simd", threads: 2 });
  const helper = (be as unknown as { simd: Helper }).simd;
  // Generous: CI runs every package's tests at once on two cores, so a Worker can take seconds to start.
  for (let i = 0; i < 3000 && !helper.ready; i++) await new Promise((r) => setTimeout(r, 10));
  if (!helper.ready) throw new Error("Cannot test threads: the helper Worker did not start within 30 s");
  return [be, helper];
}

function sameBits(what: string, got: Uint32Array, want: Uint32Array): void {
  if (got.length !== want.length) throw new Error(`${what}: ${got.length} values, expected ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    if (got[i] !== want[i])
      throw new Error(`${what}[${i}]: two threads gave bits ${got[i]}, one thread ${want[i]}`);
  }
}

Deno.test("two threads: trainStepGroup gives every member bit for bit its own single-thread trainStep", async () => {
  const [two, helper] = await twoThreads();
  const one = createCpuBackend({ kernel: "simd" });
  try {
    for (const n of [100, 1]) {
      const before = helper.handoffs;
      const group = await trainMembers(two, true, n);
      if (helper.handoffs - before < 6)
        throw new Error(`the helper was offered ${helper.handoffs - before} group steps, expected 6`);
      const single = await trainMembers(one, false, n);
      for (const [i, a] of group.entries()) sameBits(`tensor ${i} (n ${n})`, bits(a), bits(single[i]));
      if (!group[0].some((x, i) => x !== group[0][i % (784 * 10)]))
        throw new Error("the members did not differ");
    }
  } finally {
    two.destroy();
    one.destroy();
  }
});

Deno.test("two threads: members moving between the threads step after step still train bit for bit as one thread", async () => {
  const [two, helper] = await twoThreads();
  const one = createCpuBackend({ kernel: "simd" });
  try {
    const queue = helper.groupQueue!;
    queue.patience = 1; // a move whenever the helper was idle, or every queued step still in flight
    const group = await trainMembers(two, true, 20, 120);
    if (queue.moves === 0) throw new Error("no member moved between the threads in 120 steps");
    const single = await trainMembers(one, false, 20, 120);
    for (const [i, a] of group.entries()) sameBits(`tensor ${i}`, bits(a), bits(single[i]));
  } finally {
    two.destroy();
    one.destroy();
  }
});

Deno.test("two threads: evaluateGroup gives every member bit for bit its own linearForward and lossAndGrad", async () => {
  const [two, helper] = await twoThreads();
  const one = createCpuBackend({ kernel: "simd" });
  try {
    for (const shuffled of [false, true]) {
      const before = helper.handoffs;
      const [stats, confusion] = await evaluateMembers(two, true, shuffled);
      if (helper.handoffs - before < 3)
        throw new Error(`the helper was offered ${helper.handoffs - before} evaluation chunks, expected 3`);
      const [stats1, confusion1] = await evaluateMembers(one, false, shuffled);
      sameBits(`stats (shuffled ${shuffled})`, bits(stats), bits(stats1));
      sameBits(`confusion (shuffled ${shuffled})`, confusion, confusion1);
      if (stats[1] === stats[3]) throw new Error("the members did not differ");
    }
  } finally {
    two.destroy();
    one.destroy();
  }
});
