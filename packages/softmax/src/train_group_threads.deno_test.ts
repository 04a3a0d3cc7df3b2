// trainGroup on the two-thread CPU backend (real Workers, Deno): every member's events, weights,
// losses, accuracies and confusion matrices bit for bit those of its own `train` run on the
// one-thread backend (what `mnist train` uses), with the members split between the two threads in
// every training step and evaluation chunk.
import { join } from "node:path";
import { loadMnist, subset } from "@mnist/idx";
import { mnistDataDir } from "@mnist/idx/fs";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { type TrainConfig, TUTORIAL } from "./config.ts";
import { type GroupEvent, trainGroup } from "./train_group.ts";
import { type TrainEvent, train } from "./trainer.ts";
import { selectRows, validationSplit } from "./validation.ts";

const dataDir = mnistDataDir(import.meta.url);

/** An event as comparable text: timing fields dropped, arrays as their bit patterns. */
function comparable(e: TrainEvent | GroupEvent): string {
  const {
    seconds: _s,
    trainSeconds: _t,
    member: _m,
    ...rest
  } = e as TrainEvent & {
    seconds?: number;
    trainSeconds?: number;
    member?: number;
  };
  return JSON.stringify(rest, (_key, value) =>
    value instanceof Float32Array
      ? Array.from(new Uint32Array(value.buffer, value.byteOffset, value.length))
      : ArrayBuffer.isView(value)
        ? Array.from(value as Uint32Array)
        : value,
  );
}

Deno.test({
  name: "two-thread cpu trainGroup: each member bit for bit its own one-thread train run",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const all = await loadMnist((file) => Deno.readFile(join(dataDir, file)));
    const pool = subset(all.train, 3000);
    const split = validationSplit(pool.count, 500, 3);
    const data = {
      train: selectRows(pool, split.train),
      validation: selectRows(pool, split.val),
      test: subset(all.test, 1500),
    };
    const base: TrainConfig = { ...TUTORIAL, epochs: 2, seed: 3 };
    const configs: TrainConfig[] = [
      base,
      { ...base, lr: 0.5 },
      { ...base, loss: "cross-entropy", momentum: 0.9, nesterov: true, weightDecay: 1e-3 },
      { ...base, loss: "cross-entropy", optimizer: "adam", lr: 0.003, weightDecay: 1e-4 },
      { ...base, momentum: 0.5, dampening: 0.1, schedule: "step", gamma: 0.5 },
    ];
    const backend = createCpuBackend({ kernel: "simd", threads: 2 });
    const helper = (backend as unknown as { simd: { ready: boolean; handoffs: number } }).simd;
    for (let i = 0; i < 3000 && !helper.ready; i++) await new Promise((r) => setTimeout(r, 10));
    if (!helper.ready) throw new Error("Cannot test threads: the helper Worker did not start within 30 s");
    try {
      const group: GroupEvent[] = [];
      for await (const e of trainGroup({ backend, ...data, configs, stepEvery: 7 })) group.push(e);
      // 2 epochs × (25 steps + 3 + 2 + 1 evaluation chunks) handed to the helper at least.
      if (helper.handoffs < 60)
        throw new Error(`the helper took ${helper.handoffs} group ops, expected ≥ 60`);
      for (const [k, config] of configs.entries()) {
        const one = createCpuBackend({ kernel: "simd" });
        const single: TrainEvent[] = [];
        try {
          for await (const e of train({ backend: one, ...data, config, stepEvery: 7 })) single.push(e);
        } finally {
          one.destroy();
        }
        const mine = group.filter((e) => e.member === k);
        if (mine.length !== single.length)
          throw new Error(`member ${k}: ${mine.length} events, expected ${single.length}`);
        for (const [i, e] of mine.entries()) {
          const [got, want] = [comparable(e), comparable(single[i])];
          if (got !== want)
            throw new Error(
              `member ${k} event ${i} (${e.type}) differs:\n${got.slice(0, 300)}\n${want.slice(0, 300)}`,
            );
        }
      }
    } finally {
      backend.destroy();
    }
  },
});
