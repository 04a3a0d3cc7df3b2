/**
 * `mnist sweep`'s value lists and ranges (`--lr 0.01,0.03,0.1`, `--lr log:0.001..1:16`,
 * `--momentum lin:0..0.9:4`) and the configurations they make: every combination (grid), or
 * `--random N` of them drawn by `--sweep-seed`. Each value is checked by the same rules as
 * `mnist train`'s flag, so a sweep accepts exactly what a run would.
 * @module
 */
import type { TrainConfig } from "@mnist/softmax";
import { Random } from "@mnist/tensor";
import { numberFlag, type ParsedFlags, parseDecimal, stringFlag } from "./flags.ts";
import { trainConfigFromFlags } from "./train.ts";
import { UsageError } from "./usage_error.ts";

/** A swept value: a number, or a name (loss, optimizer). */
export type SweepValue = number | string;

/** The flags a sweep may sweep, and the training-config field each sets. */
export const SWEEP_FLAGS = {
  lr: "lr",
  "batch-size": "batchSize",
  momentum: "momentum",
  "weight-decay": "weightDecay",
  loss: "loss",
  optimizer: "optimizer",
  seed: "seed",
} as const satisfies Record<string, keyof TrainConfig>;

/** A flag of {@link SWEEP_FLAGS}. */
export type SweepFlag = keyof typeof SWEEP_FLAGS;

const NAMED: ReadonlySet<string> = new Set(["loss", "optimizer"]);
const INTEGER: ReadonlySet<string> = new Set(["batch-size", "seed"]);

/** The most values one flag may list, and the most configurations a sweep may have. */
export const MAX_VALUES = 1000;
export const MAX_CONFIGURATIONS = 1000;

/** One swept setting: its flag, config field and values in order. */
export interface SweptSetting {
  readonly flag: SweepFlag;
  readonly key: (typeof SWEEP_FLAGS)[SweepFlag];
  readonly values: readonly SweepValue[];
}

/** A number as the flags print it: 6 significant digits, so a generated value can be typed back. */
function rounded(x: number): number {
  return Number(x.toPrecision(6));
}

function parseNumber(flag: string, text: string, what: string, whole: string): number {
  const n = parseDecimal(text);
  if (!Number.isFinite(n))
    throw new UsageError(
      `Cannot use --${flag} "${whole}": ${what} "${text}" is not a number, expected a finite number in decimal notation`,
    );
  return n;
}

/**
 * The values one flag lists: `a,b,c`, or `log:A..B:N` (N log-spaced values from A to B, both
 * above 0) or `lin:A..B:N` (N evenly spaced); generated values are rounded to 6 significant digits
 * (integers for `--batch-size` and `--seed`). Each value must be one `mnist train` takes.
 * @throws {UsageError} naming the flag: a malformed range, a bound of `log:` at or below 0, N < 1,
 *   NaN, a repeated value, or a value the flag refuses (`--lr 0`, `--loss hinge`).
 */
export function parseSweepValues(flag: SweepFlag, text: string): SweepValue[] {
  const range = /^(log|lin):(.*)$/.exec(text);
  let values: SweepValue[];
  if (range !== null) {
    if (NAMED.has(flag))
      throw new UsageError(
        `Cannot use --${flag} "${text}": it takes names, expected a list such as mse,cross-entropy`,
      );
    const m = /^(.*)\.\.(.*):([^:]*)$/.exec(range[2]);
    if (m === null)
      throw new UsageError(
        `Cannot use --${flag} "${text}": expected ${range[1]}:FROM..TO:COUNT, e.g. ${range[1]}:0.001..1:16`,
      );
    const from = parseNumber(flag, m[1], "FROM", text);
    const to = parseNumber(flag, m[2], "TO", text);
    const count = parseDecimal(m[3]);
    if (!Number.isInteger(count) || count < 1 || count > MAX_VALUES)
      throw new UsageError(
        `Cannot use --${flag} "${text}": COUNT is "${m[3]}", expected an integer 1 … ${MAX_VALUES}`,
      );
    if (range[1] === "log" && !(from > 0 && to > 0))
      throw new UsageError(
        `Cannot use --${flag} "${text}": a log range needs bounds above 0, found ${from <= 0 ? from : to}, expected FROM and TO > 0`,
      );
    const at = (i: number) => {
      const t = count === 1 ? 0 : i / (count - 1);
      const x =
        range[1] === "log"
          ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from)))
          : from + t * (to - from);
      return INTEGER.has(flag) ? Math.round(x) : rounded(x);
    };
    values = [...new Set(Array.from({ length: count }, (_, i) => at(i)))];
  } else {
    const parts = text.split(",").map((p) => p.trim());
    if (parts.length > MAX_VALUES)
      throw new UsageError(
        `Cannot use --${flag} "${text.slice(0, 40)}…": it lists ${parts.length} values, expected at most ${MAX_VALUES}`,
      );
    const empty = parts.indexOf("");
    if (empty >= 0)
      throw new UsageError(
        `Cannot use --${flag} "${text}": value ${empty + 1} is empty, expected comma-separated values or a range such as log:0.001..1:16`,
      );
    values = NAMED.has(flag) ? parts : parts.map((p) => parseNumber(flag, p, "value", text));
    const twice = values.find((v, i) => values.indexOf(v) !== i);
    if (twice !== undefined)
      throw new UsageError(
        `Cannot use --${flag} "${text}": ${twice} appears twice, expected distinct values`,
      );
  }
  return values;
}

/**
 * The swept settings the flags name (those with two or more values), in the order of
 * {@link SWEEP_FLAGS}, and the flags every configuration shares: a flag with one value is a plain
 * setting. Each value is checked against the other flags as `mnist train` would check it.
 * @throws {UsageError} as {@link parseSweepValues}, and for a value the training flags refuse.
 */
export function sweptSettings(flags: ParsedFlags): { base: ParsedFlags; settings: SweptSetting[] } {
  const settings: SweptSetting[] = [];
  const values = { ...flags.values };
  for (const flag of Object.keys(SWEEP_FLAGS) as SweepFlag[]) {
    const text = stringFlag(flags, flag);
    if (text === undefined) continue;
    const list = parseSweepValues(flag, text);
    if (list.length === 1) values[flag] = String(list[0]);
    else {
      delete values[flag];
      settings.push({ flag, key: SWEEP_FLAGS[flag], values: list });
    }
  }
  const base = { values, positionals: flags.positionals };
  for (const s of settings) for (const v of s.values) trainConfigFromFlags(withValues(base, { [s.flag]: v }));
  return { base, settings };
}

/** `flags` with some flags set to one value each (as text, as a user would type it). */
export function withValues(flags: ParsedFlags, values: Readonly<Record<string, SweepValue>>): ParsedFlags {
  const replaced = { ...flags.values };
  for (const [flag, v] of Object.entries(values)) replaced[flag] = String(v);
  return { values: replaced, positionals: flags.positionals };
}

/** One configuration of a sweep. */
export interface PlannedRun {
  /** `01_lr=0.01_batch-size=100`: its number and swept values; also its directory's name. */
  readonly id: string;
  /** Swept values by config field (`lr`, `batchSize`…). */
  readonly values: Readonly<Record<string, SweepValue>>;
  readonly config: TrainConfig;
}

/**
 * The configurations of a sweep: every combination in order (the last flag varying fastest), or
 * with `random` that many distinct combinations drawn with `sweepSeed`.
 * @param base the shared flags (see {@link sweptSettings}).
 * @throws {UsageError} when there are too many, `random` exceeds the combinations, or a
 *   combination is one `mnist train` refuses (e.g. --nesterov with momentum 0).
 */
export function planSweep(
  base: ParsedFlags,
  settings: readonly SweptSetting[],
  random?: { count: number; seed: number },
): PlannedRun[] {
  const total = combinations(settings, random);
  let picks: number[];
  if (random === undefined) {
    if (total > MAX_CONFIGURATIONS)
      throw new UsageError(
        `Cannot sweep ${total} configurations: expected at most ${MAX_CONFIGURATIONS} (use --random N to draw some of them)`,
      );
    picks = Array.from({ length: total }, (_, i) => i);
  } else {
    if (random.count > total)
      throw new UsageError(
        `Cannot use --random ${random.count}: the values make ${total} combination${total === 1 ? "" : "s"}, expected at most ${total}`,
      );
    picks = drawDistinct(total, random.count, new Random(random.seed));
  }
  const width = String(picks.length).length;
  return picks.map((index, n) => {
    const chosen: Record<string, SweepValue> = {};
    const values: Record<string, SweepValue> = {};
    let rest = index;
    for (let s = settings.length - 1; s >= 0; s--) {
      const { flag, key, values: list } = settings[s];
      const v = list[rest % list.length];
      rest = Math.floor(rest / list.length);
      chosen[flag] = v;
      values[key] = v;
    }
    const ordered = Object.fromEntries(settings.map((s) => [s.key, values[s.key]]));
    const id = [
      String(n + 1).padStart(Math.max(2, width), "0"),
      ...settings.map((s) => `${s.flag}=${chosen[s.flag]}`),
    ].join("_");
    return { id, values: ordered, config: trainConfigFromFlags(withValues(base, chosen)).config };
  });
}

/**
 * The number of combinations of the settings' values.
 * @throws {UsageError} when it is not a safe integer (above 2^53 − 1, so no index could name each).
 */
function combinations(settings: readonly SweptSetting[], random?: { count: number }): number {
  let total = 1;
  for (const s of settings) {
    total *= s.values.length;
    if (!Number.isSafeInteger(total)) {
      const flag = random === undefined ? "the swept flags" : `--random ${random.count}`;
      throw new UsageError(
        `Cannot use ${flag}: the values of ${settings.map((t) => `--${t.flag} (${t.values.length})`).join(", ")} make about ${total.toPrecision(3)} combinations, expected at most ${Number.MAX_SAFE_INTEGER} (fewer values per flag)`,
      );
    }
  }
  return total;
}

/**
 * `count` distinct indices below `total` in increasing order: the first `count` places of a
 * Fisher–Yates shuffle of 0…total−1, with only the places it swaps stored (a map), so a grid of
 * billions of combinations costs what `count` does. Draws exactly what shuffling the whole array did.
 */
function drawDistinct(total: number, count: number, rng: Random): number[] {
  const moved = new Map<number, number>();
  const at = (i: number) => moved.get(i) ?? i;
  const picks: number[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + below(rng, total - i);
    picks.push(at(j));
    moved.set(j, at(i));
  }
  return picks.sort((a, b) => a - b);
}

/** A uniform integer in [0, n) for any safe n: `rng.int` below 2^32, 53 random bits above. */
function below(rng: Random, n: number): number {
  if (n <= 2 ** 32) return rng.int(n);
  const limit = 2 ** 53 - (2 ** 53 % n);
  for (;;) {
    const x = (rng.nextUint32() >>> 11) * 2 ** 32 + rng.nextUint32();
    if (x < limit) return x % n;
  }
}

/**
 * Reads `--random N` and `--sweep-seed S`.
 * @throws {UsageError} for N < 1, or a seed without `--random`.
 */
export function randomFromFlags(flags: ParsedFlags): { count: number; seed: number } | undefined {
  const count = numberFlag(flags, "random", undefined, { integer: true, min: 1, max: MAX_CONFIGURATIONS });
  const seed = numberFlag(flags, "sweep-seed", undefined, { integer: true, min: 0, max: 2 ** 32 - 1 });
  if (count === undefined && seed !== undefined)
    throw new UsageError(
      `Cannot use --sweep-seed without --random: a grid draws nothing, expected --random N`,
    );
  return count === undefined ? undefined : { count, seed: seed ?? 0 };
}
