/**
 * `mnist train --val N | --val-fraction F`, `--keep best` and `--patience P`: the validation split of
 * a run and what it decides (which epoch's weights are kept, when to stop).
 * @module
 */
import type { EpochRecord } from "@mnist/metrics";
import { EPOCHS_RULE, numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { UsageError } from "./usage_error.ts";

/** What the flags (or a resumed run's log) ask of the validation split. */
export interface ValidationSettings {
  /** Images to hold out, as given by `--val`. */
  readonly val?: number;
  /** Fraction of the training images to hold out, as given by `--val-fraction`. */
  readonly valFraction?: number;
  /** Which weights become the final model. */
  readonly keep: "last" | "best";
  /** Stop after this many epochs without a better validation accuracy. */
  readonly patience?: number;
}

/**
 * Reads `--val`, `--val-fraction`, `--keep` and `--patience`, refusing the combinations that mean
 * nothing: both sizes at once, or choosing by a validation accuracy that no split measures.
 * @throws {UsageError}
 */
export function validationFromFlags(flags: ParsedFlags): ValidationSettings {
  const val = numberFlag(flags, "val", undefined, { integer: true, min: 1 });
  const valFraction = numberFlag(flags, "val-fraction", undefined, { above: 0, below: 1 });
  const keepText = stringFlag(flags, "keep");
  if (keepText !== undefined && keepText !== "last" && keepText !== "best") {
    throw new UsageError(`Cannot use --keep "${keepText}": expected one of last, best`);
  }
  const keep = keepText ?? "last";
  const patience = numberFlag(flags, "patience", undefined, EPOCHS_RULE);
  if (val !== undefined && valFraction !== undefined) {
    throw new UsageError(
      `Cannot use --val with --val-fraction: both size the validation split, expected one of them`,
    );
  }
  const split = val !== undefined || valFraction !== undefined;
  if (!split && keep === "best") {
    throw new UsageError(
      `Cannot use --keep best without a validation split: nothing measures which epoch is best, expected --val N or --val-fraction F`,
    );
  }
  if (!split && patience !== undefined) {
    throw new UsageError(
      `Cannot use --patience without a validation split: nothing measures an improvement, expected --val N or --val-fraction F`,
    );
  }
  return { val, valFraction, keep, patience };
}

/**
 * The settings a resumed run continues with, from its run-start `config` (`val` is the resolved count).
 */
export function validationFromConfig(config: Readonly<Record<string, unknown>>): ValidationSettings {
  const val = typeof config.val === "number" ? config.val : undefined;
  return {
    val,
    keep: config.keep === "best" ? "best" : "last",
    patience: typeof config.patience === "number" ? config.patience : undefined,
  };
}

/**
 * How many of `count` training images the split holds out, or `undefined` without a split.
 * @throws {UsageError} when it would leave no image on either side.
 */
export function validationCount(settings: ValidationSettings, count: number): number | undefined {
  if (settings.val !== undefined) {
    if (settings.val >= count) {
      throw new UsageError(
        `Cannot use --val ${settings.val}: the training set holds ${count} images, expected 1 … ${count - 1} to leave some to train on`,
      );
    }
    return settings.val;
  }
  if (settings.valFraction === undefined) return undefined;
  const n = Math.round(settings.valFraction * count);
  if (n < 1 || n >= count) {
    throw new UsageError(
      `Cannot use --val-fraction ${settings.valFraction}: it holds out ${n} of ${count} training images, expected 1 … ${count - 1}`,
    );
  }
  return n;
}

/** The run-start `config` fields that record a split (none without one, so such logs stay as before). */
export function validationConfig(
  settings: ValidationSettings,
  n: number | undefined,
): Record<string, unknown> {
  if (n === undefined) return {};
  return {
    val: n,
    ...(settings.valFraction === undefined ? {} : { valFraction: settings.valFraction }),
    keep: settings.keep,
    ...(settings.patience === undefined ? {} : { patience: settings.patience }),
  };
}

/** Follows the validation accuracy of a run's epochs: the best one, and whether patience ran out. */
export class BestEpoch {
  #best: EpochRecord | undefined;

  /** @param earlier the epochs a resumed run already trained */
  constructor(
    private readonly patience: number | undefined,
    earlier: readonly EpochRecord[] = [],
  ) {
    for (const r of earlier) this.#see(r);
  }

  /** The epoch with the highest validation accuracy so far (the first of equals). */
  get best(): EpochRecord | undefined {
    return this.#best;
  }

  /** Takes an epoch's record; returns why the run should stop after it, if it should. */
  observe(record: EpochRecord): string | undefined {
    this.#see(record);
    const best = this.#best;
    if (this.patience === undefined || best === undefined) return undefined;
    if (record.epoch - best.epoch < this.patience) return undefined;
    return `no validation improvement in ${this.patience} epoch${this.patience === 1 ? "" : "s"} (best ${((best.valAccuracy ?? 0) * 100).toFixed(2)}% after epoch ${best.epoch})`;
  }

  #see(record: EpochRecord): void {
    const acc = record.valAccuracy;
    if (acc === undefined || Number.isNaN(acc)) return;
    if (this.#best === undefined || acc > (this.#best.valAccuracy ?? -1)) this.#best = record;
  }
}
