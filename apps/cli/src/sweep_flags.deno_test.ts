// Value lists and ranges of `mnist sweep`, and the configurations they make.
import { Random } from "@mnist/tensor";
import { check } from "./_test_helpers.ts";
import { parseFlags } from "./flags.ts";
import { parseSweepValues, planSweep, randomFromFlags, sweptSettings } from "./sweep_flags.ts";
import { UsageError } from "./usage_error.ts";

const SPEC = {
  lr: { type: "string" },
  "batch-size": { type: "string" },
  momentum: { type: "string" },
  "weight-decay": { type: "string" },
  loss: { type: "string" },
  optimizer: { type: "string" },
  seed: { type: "string" },
  nesterov: { type: "boolean" },
  random: { type: "string" },
  "sweep-seed": { type: "string" },
} as const;
const flags = (...args: string[]) => parseFlags("sweep", args, SPEC);

function refuses(f: () => unknown, pattern: RegExp): void {
  try {
    f();
  } catch (error) {
    check(error instanceof UsageError, `expected a UsageError, got ${error}`);
    check(pattern.test(error.message), `message "${error.message}" does not match ${pattern}`);
    check(!error.message.includes("\n"), "one line");
    return;
  }
  throw new Error(`expected ${pattern} to be thrown`);
}

Deno.test("lists and ranges give the values they say", () => {
  check(parseSweepValues("lr", "0.01,0.03, 0.1").join() === "0.01,0.03,0.1", "list");
  const log = parseSweepValues("lr", "log:0.001..1:4");
  check(log.join() === "0.001,0.01,0.1,1", `log range ${log.join()}`);
  const many = parseSweepValues("lr", "log:0.001..1:16") as number[];
  check(many.length === 16 && many[0] === 0.001 && many[15] === 1, "16 log-spaced values, bounds included");
  for (let i = 1; i < 15; i++)
    check(Math.abs(many[i + 1] / many[i] - many[i] / many[i - 1]) < 1e-4, "equal ratios");
  check(String(many[1]) === "0.00158489", `rounded to 6 digits: ${many[1]}`);
  check(parseSweepValues("momentum", "lin:0..0.9:4").join() === "0,0.3,0.6,0.9", "lin range");
  check(parseSweepValues("batch-size", "log:16..256:5").join() === "16,32,64,128,256", "integers");
  check(parseSweepValues("lr", "lin:0.1..0.1:1").join() === "0.1", "n = 1");
  check(parseSweepValues("loss", "mse,cross-entropy").join() === "mse,cross-entropy", "names");
});

Deno.test("bad ranges are one-line usage errors naming the flag", () => {
  refuses(
    () => parseSweepValues("lr", "log:0..1:4"),
    /^Cannot use --lr "log:0\.\.1:4": a log range needs bounds above 0, found 0/,
  );
  refuses(() => parseSweepValues("lr", "log:-1..1:4"), /bounds above 0, found -1/);
  refuses(() => parseSweepValues("lr", "log:0.1..1:0"), /COUNT is "0", expected an integer 1 … 1000/);
  refuses(() => parseSweepValues("lr", "lin:0.1..1:2.5"), /COUNT is "2.5"/);
  refuses(() => parseSweepValues("lr", "lin:a..1:2"), /FROM "a" is not a number/);
  refuses(() => parseSweepValues("lr", "lin:0.1..NaN:2"), /TO "NaN" is not a number/);
  refuses(() => parseSweepValues("lr", "log:0.1-1:3"), /expected log:FROM\.\.TO:COUNT/);
  refuses(() => parseSweepValues("lr", "0.1,,0.2"), /value 2 is empty/);
  refuses(() => parseSweepValues("lr", "0.1,x"), /value "x" is not a number/);
  refuses(() => parseSweepValues("lr", "0.1,0.1"), /0.1 appears twice/);
  refuses(() => parseSweepValues("loss", "log:1..2:2"), /it takes names/);
  refuses(() => sweptSettings(flags("--loss", "mse,hinge")), /^Cannot use --loss "hinge": expected one of/);
  refuses(() => sweptSettings(flags("--lr", "lin:0..1:3")), /^Cannot use --lr "0": expected a number > 0$/);
  refuses(() => sweptSettings(flags("--batch-size", "0,10")), /^Cannot use --batch-size "0"/);
  refuses(
    () => sweptSettings(flags("--optimizer", "adam", "--momentum", "0,0.9")),
    /--momentum with --optimizer adam/,
  );
});

Deno.test("a grid has every combination, the last flag fastest; one value is a plain setting", () => {
  const { base, settings } = sweptSettings(
    flags("--lr", "0.01,0.1", "--batch-size", "50,100,200", "--seed", "3"),
  );
  check(settings.map((s) => s.key).join() === "lr,batchSize", "swept keys");
  const runs = planSweep(base, settings);
  check(runs.length === 6, `${runs.length} configurations`);
  check(
    runs[0].id === "01_lr=0.01_batch-size=50" && runs[5].id === "06_lr=0.1_batch-size=200",
    runs.map((r) => r.id).join(),
  );
  check(runs[1].config.batchSize === 100 && runs[1].config.lr === 0.01, "values reach the config");
  check(
    runs.every((r) => r.config.seed === 3 && r.config.loss === "mse"),
    "shared flags and preset reach every config",
  );
  refuses(
    () => planSweep(base, settings, { count: 7, seed: 0 }),
    /^Cannot use --random 7: the values make 6 combinations, expected at most 6$/,
  );
  refuses(
    () => sweptSettings(flags("--momentum", "0,0.9", "--nesterov")),
    /^Cannot use --nesterov with momentum 0/,
  );
  // Each value alone is fine; one combination is not.
  const { base: b2, settings: s2 } = sweptSettings(flags("--optimizer", "sgd,adam", "--momentum", "0,0.9"));
  refuses(() => planSweep(b2, s2), /^Cannot use --momentum with --optimizer adam/);
});

Deno.test("--random draws distinct combinations, the same for the same --sweep-seed", () => {
  const { base, settings } = sweptSettings(
    flags("--lr", "log:0.001..1:16", "--batch-size", "50,100,200,500"),
  );
  const a = planSweep(base, settings, { count: 10, seed: 7 }).map((r) => r.id.slice(3));
  const b = planSweep(base, settings, { count: 10, seed: 7 }).map((r) => r.id.slice(3));
  const c = planSweep(base, settings, { count: 10, seed: 8 }).map((r) => r.id.slice(3));
  check(new Set(a).size === 10, "distinct");
  check(a.join() === b.join(), "same seed, same draw");
  check(a.join() !== c.join(), "another seed, another draw");
  check(randomFromFlags(flags("--random", "3"))?.seed === 0, "default sweep seed 0");
  refuses(() => randomFromFlags(flags("--sweep-seed", "3")), /--sweep-seed without --random/);
  refuses(() => randomFromFlags(flags("--random", "0")), /^Cannot use --random "0"/);
});

Deno.test("--random draws from a grid of billions without listing it, the same picks as a full shuffle", () => {
  // The earlier draw: a partial Fisher–Yates shuffle of the whole list of combinations.
  const shuffled = (total: number, count: number, seed: number) => {
    const rng = new Random(seed);
    const pool = Array.from({ length: total }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + rng.int(total - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, count).sort((a, b) => a - b);
  };
  const small = sweptSettings(flags("--lr", "log:0.001..1:16", "--batch-size", "50,100,200,500"));
  const grid = planSweep(small.base, small.settings);
  for (const [count, seed] of [
    [10, 7],
    [64, 0],
    [1, 3],
  ]) {
    const drawn = planSweep(small.base, small.settings, { count, seed }).map((r) => r.id.slice(3));
    const expected = shuffled(64, count, seed).map((i) => grid[i].id.slice(3));
    check(drawn.join() === expected.join(), `seed ${seed}: ${drawn.join()} vs ${expected.join()}`);
  }
  // 1000³, 1000⁴ and 1000⁵ combinations: two drawn at once, distinct, values from the ranges.
  const seeds = Array.from({ length: 1000 }, (_, i) => i + 1).join(",");
  for (const extra of [[], ["--seed", seeds], ["--seed", seeds, "--batch-size", seeds]]) {
    const { base, settings } = sweptSettings(
      flags(
        "--lr",
        "lin:0.01..1:1000",
        "--momentum",
        "lin:0..0.9:1000",
        "--weight-decay",
        "lin:0..0.1:1000",
        ...extra,
      ),
    );
    const began = performance.now();
    const runs = planSweep(base, settings, { count: 2, seed: 0 });
    check(performance.now() - began < 1000, `drawn in ${performance.now() - began} ms`);
    check(runs.length === 2 && runs[0].id !== runs[1].id.replace(/^02/, "01"), runs.map((r) => r.id).join());
    check(
      runs.every((r) => r.config.lr >= 0.01 && r.config.lr <= 1),
      "lr in range",
    );
  }
  // The flags allow at most 1000⁵ × 2 × 2; a grid past 2^53 − 1 is refused, not mis-indexed.
  const { base } = sweptSettings(flags("--lr", "0.1"));
  const wide = (["lr", "momentum", "weight-decay"] as const).map((flag) => ({
    flag,
    key: ({ lr: "lr", momentum: "momentum", "weight-decay": "weightDecay" } as const)[flag],
    values: new Array<number>(1_000_000),
  }));
  refuses(
    () => planSweep(base, wide, { count: 2, seed: 0 }),
    /^Cannot use --random 2: the values of --lr \(1000000\), --momentum \(1000000\), --weight-decay \(1000000\) make about 1\.00e\+18 combinations, expected at most 9007199254740991 \(fewer values per flag\)$/,
  );
  refuses(() => planSweep(base, wide), /^Cannot use the swept flags: the values of .* combinations/);
});
