import { SoftmaxRegression } from "@mnist/softmax";

Deno.test("SoftmaxRegression.init is seeded and bounded like nn.Linear", () => {
  const a = SoftmaxRegression.init(784, 10, 7);
  const b = SoftmaxRegression.init(784, 10, 7);
  const bound = 1 / Math.sqrt(784);
  if (a.weight.some((v, i) => v !== b.weight[i])) throw new Error("same seed gave different weights");
  if (a.weight.some((v) => Math.abs(v) > bound)) throw new Error("weight outside ±1/√784");
});
