/**
 * `train --augment elastic|affine|both`: every training image deformed anew each epoch with
 * `@mnist/idx/augment`, as a row transform of the trainer's batch source.
 * @module
 */
import { AUGMENT_KINDS, type AugmentKind, createAugmenter } from "@mnist/idx/augment";
import { Random, type RowTransform } from "@mnist/softmax";
import { choiceFlag, type ParsedFlags } from "./flags.ts";
import { UsageError } from "./usage_error.ts";

/** Separates the deformation streams from the initialisation and shuffling streams of a seed. */
const AUGMENT_SALT = 0xa06e;

/** The `--augment` kind, or a resumed run's recorded one; `undefined` for none. */
export function augmentFlag(flags: ParsedFlags, recorded: unknown): AugmentKind | undefined {
  if (recorded !== undefined) {
    if (!AUGMENT_KINDS.includes(recorded as AugmentKind)) {
      throw new UsageError(
        `Cannot resume with augment ${JSON.stringify(recorded)}: expected one of ${AUGMENT_KINDS.join(", ")}`,
      );
    }
    return recorded as AugmentKind;
  }
  return flags.values.augment === undefined ? undefined : choiceFlag(flags, "augment", AUGMENT_KINDS, "both");
}

/**
 * Deforms rows in place: row `i` of epoch `e` with a generator seeded from (`seed`, `e`, `i`) alone,
 * so that a row is deformed alike in memory and streamed in any shard order, and a resumed run
 * deforms as an uninterrupted one without storing anything in its checkpoints.
 * @param kind which deformations.
 * @param rows image height.
 * @param cols image width.
 * @param seed the run's seed.
 * @returns the transform for the trainer's batch source.
 */
export function augmentRows(kind: AugmentKind, rows: number, cols: number, seed: number): RowTransform {
  const augmenter = createAugmenter({ kind, rows, cols });
  const F = rows * cols;
  const src = new Uint8Array(F);
  return (images, firstRow, epoch) => {
    for (let r = 0; (r + 1) * F <= images.length; r++) {
      const row = images.subarray(r * F, (r + 1) * F);
      src.set(row);
      augmenter.deform(src, row, rowRandom(seed, epoch, firstRow + r));
    }
  };
}

/** The generator of one row's deformation in one epoch. */
export function rowRandom(seed: number, epoch: number, row: number): Random {
  return Random.fromState([
    mix(seed ^ AUGMENT_SALT),
    mix(epoch + 0x9e3779b9),
    mix(row ^ 0x7f4a7c15),
    mix((seed + Math.imul(row, 0x632be5ab) + Math.imul(epoch, 0x85157af5)) | 1),
  ]);
}

/** Murmur3's 32-bit finaliser: spreads every input bit over the word. */
function mix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
