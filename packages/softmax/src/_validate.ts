// Validation of decoded models and checkpoints: every field a tampered or corrupt file could get wrong,
// each refused with one line naming the field. Runtime-neutral.
import { type ResolvedConfig, resolveConfig, type TrainConfig } from "./config.ts";

/** Longest excerpt of a found value quoted in a message (a hostile file may hold megabytes). */
const EXCERPT_CHARS = 60;

/**
 * A value as short JSON for a message: cut to {@link EXCERPT_CHARS} characters, control characters
 * escaped (JSON.stringify escapes them), `undefined` and non-JSON values as text.
 */
export function excerpt(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // a BigInt, or a cyclic or too deeply nested value (String() of a deep array overflows as well)
    text = Array.isArray(value) ? "a deeply nested array" : `a ${typeof value} that is not JSON`;
  }
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}… (${text.length} characters)` : text;
}

/**
 * Throws when a tensor holds NaN or ±Infinity, naming the first such element by its index.
 * @param data the values.
 * @param shape the tensor's shape, for naming the element (`weight[3, 17]`).
 * @param what `Cannot load model from x: weight` and the like.
 */
export function checkFinite(data: ArrayLike<number>, shape: readonly number[], what: string): void {
  for (let i = 0; i < data.length; i++) {
    if (Number.isFinite(data[i])) continue;
    const index: number[] = [];
    let rest = i;
    for (let d = shape.length - 1; d >= 0; d--) {
      index.unshift(rest % shape[d]);
      rest = Math.floor(rest / shape[d]);
    }
    throw new RangeError(`${what}[${index.join(", ")}] is ${data[i]}, expected a finite number`);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const U32 = 2 ** 32;

/** The checked fields of a checkpoint sidecar. */
export interface CheckedSidecar {
  readonly features: number;
  readonly classes: number;
  readonly config: TrainConfig;
  readonly resolved: ResolvedConfig;
  readonly epoch: number;
  readonly step: number;
  readonly rng: readonly number[];
  readonly epochStep?: number;
}

/**
 * Validates a parsed `checkpoint.json` as a whole: format, shape, configuration, seed, epoch and step
 * (a whole number of steps per epoch), the RNG state, and the optional backend, dataset sums and
 * metrics.
 * @throws {RangeError} `Cannot load checkpoint.json: <field> is <found>, expected …`.
 */
export function checkSidecar(sidecar: unknown, name = "checkpoint.json"): CheckedSidecar {
  const fail = (field: string, found: unknown, expected: string): never => {
    throw new RangeError(`Cannot load ${name}: ${field} is ${excerpt(found)}, expected ${expected}`);
  };
  if (sidecar === null || typeof sidecar !== "object" || Array.isArray(sidecar))
    fail("the file", sidecar, "a JSON object");
  const s = sidecar as Record<string, unknown>;
  if (s.format !== "mnist-softmax-checkpoint") fail("format", s.format, '"mnist-softmax-checkpoint"');
  if (s.version !== 1) fail("version", s.version, "1");
  const positive = (field: string) => {
    const v = s[field];
    if (!(Number.isInteger(v) && (v as number) >= 1 && (v as number) < U32)) fail(field, v, "an integer ≥ 1");
    return v as number;
  };
  const features = positive("features");
  const classes = positive("classes");
  if (s.config === null || typeof s.config !== "object" || Array.isArray(s.config))
    fail("config", s.config, "a training configuration object");
  let resolved: ResolvedConfig;
  try {
    resolved = resolveConfig(s.config as TrainConfig);
  } catch (error) {
    // resolveConfig says "Cannot use training config: lr is -1, expected …"; name the field in the file.
    const detail = (error as Error).message.replace(/^Cannot use training config: /, "");
    throw new RangeError(`Cannot load ${name}: config.${detail}`);
  }
  if (s.seed !== resolved.seed) fail("seed", s.seed, `config.seed (${resolved.seed})`);
  const epoch = s.epoch;
  if (!(Number.isInteger(epoch) && (epoch as number) >= 0 && (epoch as number) <= resolved.epochs))
    fail("epoch", epoch, `an integer in 0 … config.epochs (${resolved.epochs})`);
  const step = s.step;
  const e = epoch as number;
  // Taken inside epoch e + 1: that epoch exists, and fewer of its steps are done than an epoch has.
  const inside = s.epochStep;
  if (
    inside !== undefined &&
    !(
      Number.isSafeInteger(inside) &&
      (inside as number) >= 1 &&
      (inside as number) < U32 &&
      e < resolved.epochs
    )
  )
    fail(
      "epochStep",
      inside,
      e < resolved.epochs
        ? "an integer ≥ 1 (steps into the epoch after field epoch)"
        : `no epochStep: epoch ${e} is config.epochs, the run's last`,
    );
  const k = inside === undefined ? 0 : (inside as number);
  // Every epoch has the same number of steps (ceil(N / batch) ≥ 1), so step − epochStep is a multiple
  // of epoch, and an epoch has more steps than epochStep.
  const whole = (step as number) - k;
  const stepOk =
    Number.isSafeInteger(step) &&
    (e === 0 ? whole === 0 : whole >= e && whole % e === 0 && whole / e < U32 && whole / e > k);
  if (!stepOk)
    fail(
      "step",
      step,
      k === 0
        ? `a whole number of steps per epoch after epoch ${e} (a multiple of ${e})`
        : `a whole number of steps per epoch after epoch ${e}, each more than epochStep ${k}, plus epochStep ${k}`,
    );
  const rng = s.rng;
  if (
    !Array.isArray(rng) ||
    rng.length !== 4 ||
    !rng.every((w) => Number.isInteger(w) && w >= 0 && w < U32) ||
    rng.every((w) => w === 0)
  )
    fail("rng", rng, "4 unsigned 32-bit integers, not all zero");
  if (s.backend !== undefined && typeof s.backend !== "string") fail("backend", s.backend, "a string");
  if (s.datasets !== undefined) {
    const d = s.datasets;
    if (d === null || typeof d !== "object" || Array.isArray(d))
      fail("datasets", d, "an object of SHA-256 sums by file name");
    for (const [file, sum] of Object.entries(d as object))
      if (typeof sum !== "string" || !SHA256_HEX.test(sum))
        fail(`datasets[${excerpt(file)}]`, sum, "a SHA-256 sum (64 lower-case hex digits)");
  }
  if (s.metrics !== undefined) {
    const m = s.metrics;
    if (m === null || typeof m !== "object" || Array.isArray(m)) fail("metrics", m, "an object of numbers");
    for (const [key, v] of Object.entries(m as object))
      if (typeof v !== "number" || !Number.isFinite(v)) fail(`metrics.${key}`, v, "a finite number");
  }
  return {
    features,
    classes,
    config: s.config as TrainConfig,
    resolved,
    epoch: e,
    step: step as number,
    rng: rng as number[],
    ...(inside === undefined ? {} : { epochStep: k }),
  };
}
