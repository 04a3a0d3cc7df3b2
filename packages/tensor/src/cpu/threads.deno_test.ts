import { mnistLike, Rng } from "../testing/_fixtures.ts";
import { PIXEL_SCALE } from "./_dense_kernels.ts";
import { SimdKernels } from "./_simd_kernels.ts";

async function started(k: SimdKernels): Promise<void> {
  // Generous: CI runs every package's tests at once on two cores, so a Worker can take seconds to start.
  for (let i = 0; i < 3000 && !k.ready; i++) await new Promise((r) => setTimeout(r, 10));
  if (!k.ready) throw new Error("Cannot test threads: the helper Worker did not start within 30 s");
}

function sameBits(what: string, a: Float32Array, b: Float32Array): void {
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i]))
      throw new Error(`${what}[${i}]: two threads gave ${a[i]}, one thread ${b[i]}`);
  }
}

Deno.test("two threads give bit-identical forward passes and weight gradients to one thread", async () => {
  const one = SimdKernels.create(1);
  const two = SimdKernels.create(2);
  if (one === null || two === null) throw new Error("Cannot test threads: WebAssembly SIMD is unavailable");
  try {
    await started(two);
    const rng = new Rng(42);
    const [F, C, count] = [784, 10, 700];
    const host = mnistLike(rng, { count, features: F, classes: C, zeroRows: [3, 400] });
    const [a, b] = [one.index(host.images, count, F), two.index(host.images, count, F)];
    if (a === null || b === null) throw new Error("Cannot index");
    const order = rng.permutation(count);
    const w = rng.floats(F * C, 0.05);
    const bias = rng.floats(C, 0.05);
    for (const [offset, n, shuffled] of [
      [0, 700, false],
      [5, 600, true],
      [50, 650, true],
      [0, 512, true],
      [9, 100, true], // below the split threshold: one thread either way
    ] as const) {
      const rows = { order: shuffled ? order : null, offset, count: n };
      const [z1, z2] = [new Float32Array(n * C), new Float32Array(n * C)];
      one.forward(a, rows, w, bias, z1);
      two.forward(b, rows, w, bias, z2);
      sameBits(`z (offset ${offset}, n ${n})`, z2, z1);
      const g = rng.floats(n * C, 0.01);
      const [gw1, gw2, gb1, gb2] = [
        new Float32Array(F * C),
        new Float32Array(F * C),
        new Float32Array(C),
        new Float32Array(C),
      ];
      one.backward(a, rows, g, gw1, gb1);
      two.backward(b, rows, g, gw2, gb2);
      sameBits(`gw (offset ${offset}, n ${n})`, gw2, gw1);
      sameBits(`gb (offset ${offset}, n ${n})`, gb2, gb1);
    }
    if (two.handoffs < 8)
      throw new Error(`the helper thread took ${two.handoffs} op halves, expected at least 8`);
    if (PIXEL_SCALE[255] !== 1) throw new Error("pixel scale table changed");
  } finally {
    two.destroy();
  }
});
