/**
 * Flag parsing and validation shared by every command: strict `node:util` parseArgs, and validators
 * that turn bad values into a one-line {@link UsageError} naming the flag and what it expects.
 * @module
 */
import { parseArgs } from "node:util";
import { checkClassNames } from "@mnist/idx";
import { errorMessage, UsageError } from "./usage_error.ts";

/** parseArgs option descriptions. */
export type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

/** Parsed flags and positionals of one command. */
export interface ParsedFlags {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

/**
 * Parses `args` strictly; unknown flags, missing values and unexpected positionals are usage errors.
 * @param command the command name, for the hint at the end of the message.
 * @param maxPositionals how many positional arguments the command takes.
 * @throws {UsageError}
 */
export function parseFlags(command: string, args: string[], spec: FlagSpec, maxPositionals = 0): ParsedFlags {
  let parsed: ParsedFlags;
  try {
    const { values, positionals, tokens } = parseArgs({
      args: joinNegativeNumbers(args, spec),
      strict: true,
      allowPositionals: true,
      tokens: true,
      options: { ...spec, help: { type: "boolean", short: "h" } },
    });
    // parseArgs keeps the last of a repeated flag; a second value the user typed must not vanish.
    const seen = new Set<string>();
    for (const t of tokens) {
      if (t.kind !== "option" || t.name === "help" || spec[t.name]?.multiple) continue;
      if (seen.has(t.name)) {
        throw new UsageError(
          `Cannot parse flags of "mnist ${command}": --${t.name} is given more than once, expected it once; see "mnist ${command} --help"`,
        );
      }
      seen.add(t.name);
    }
    parsed = { values, positionals } as ParsedFlags;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = errorMessage(error).split("\n")[0];
    throw new UsageError(
      `Cannot parse flags of "mnist ${command}": ${cleanMessage(message)}; see "mnist ${command} --help"`,
    );
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    // An empty value is never meant (`--out ""` from an unset shell variable) and Deno refuses empty paths.
    if (value === "" || (Array.isArray(value) && (value as unknown[]).includes(""))) {
      throw new UsageError(
        `Cannot use --${name} "": it is empty, expected a value; see "mnist ${command} --help"`,
      );
    }
  }
  if (parsed.positionals.includes("")) {
    throw new UsageError(
      `Cannot parse flags of "mnist ${command}": an argument is empty, expected a path; see "mnist ${command} --help"`,
    );
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals];
    throw new UsageError(
      `Cannot parse flags of "mnist ${command}": unexpected argument "${extra}", expected ${maxPositionals === 0 ? "no" : `at most ${maxPositionals}`} positional argument${maxPositionals === 1 ? "" : "s"}; see "mnist ${command} --help"`,
    );
  }
  return parsed;
}

// parseArgs reads "--lr -1" as two flags; join a string flag with a negative number so the
// validator can say what the flag expects.
function joinNegativeNumbers(args: string[], spec: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--") ? args[i].slice(2) : undefined;
    if (name !== undefined && spec[name]?.type === "string" && /^-[\d.]/.test(args[i + 1] ?? "")) {
      out.push(`${args[i]}=${args[++i]}`);
    } else out.push(args[i]);
  }
  return out;
}

function cleanMessage(message: string): string {
  // parseArgs says e.g. "Unknown option '--epoch'. To specify a positional argument starting with a '-'…"
  return message.replace(/\. To specify a positional.*$/, "").replace(/\.$/, "");
}

/** A string flag's value, or `undefined`. */
export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const v = flags.values[name];
  return typeof v === "string" ? v : undefined;
}

/**
 * Reads `--class-names a,b,c`: one name per class, in label order, by the rules of a `classes.txt`
 * (`checkClassNames`: each name 1 to 64 characters, no control characters, no two the same).
 * @throws {UsageError} on an empty, long, unprintable or repeated name.
 */
export function classNamesFlag(flags: ParsedFlags): string[] | undefined {
  const text = stringFlag(flags, "class-names");
  if (text === undefined) return undefined;
  const names = text.split(",").map((n) => n.trim());
  // The value is quoted while it is short enough to read; a hostile one is named by position only.
  const flag = text.length <= 200 ? `--class-names "${text}"` : "--class-names";
  try {
    checkClassNames(names, { action: `use ${flag}`, item: "name" });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return names;
}

/** A boolean flag's value. */
export function boolFlag(flags: ParsedFlags, name: string): boolean {
  return flags.values[name] === true;
}

/** Options for {@link numberFlag}. */
export interface NumberRule {
  readonly integer?: boolean;
  /** Smallest allowed value (inclusive). */
  readonly min?: number;
  /** Values must be strictly greater than this. */
  readonly above?: number;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
  /** Values must be strictly less than this. */
  readonly below?: number;
}

/**
 * Decimal notation: digits with an optional sign, point and exponent (`0.05`, `-1`, `1e-3`, `.5`).
 * `Number()` also takes `0x10`, `0b1`, `0o7` and `Infinity`, which no numeric flag means.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The most epochs a run or sweep may ask for (`--epochs`). */
export const MAX_EPOCHS = 1_000_000;

/** A count of epochs (`--epochs`, `--patience`): a whole number 1 … {@link MAX_EPOCHS}. */
export const EPOCHS_RULE: NumberRule = { integer: true, min: 1, max: MAX_EPOCHS };

/** The largest value of an integer flag without its own `max`: a count of IDX items is a uint32. */
export const MAX_INTEGER_FLAG = 2 ** 32 - 1;

/**
 * A number in decimal notation, or NaN for anything else (hexadecimal, binary, `Infinity`, blank).
 * @param text the text as typed.
 * @returns the number it denotes, or NaN.
 */
export function parseDecimal(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : Number.NaN;
}

/**
 * Reads a numeric flag, written in decimal notation; an integer flag is at most its `max`, or
 * {@link MAX_INTEGER_FLAG} when it has none.
 * @returns the number, or `fallback` when the flag is absent.
 * @throws {UsageError} when the value is not a finite decimal number satisfying `rule`.
 */
export function numberFlag(flags: ParsedFlags, name: string, fallback: number, rule?: NumberRule): number;
export function numberFlag(
  flags: ParsedFlags,
  name: string,
  fallback: number | undefined,
  rule?: NumberRule,
): number | undefined;
export function numberFlag(
  flags: ParsedFlags,
  name: string,
  fallback: number | undefined,
  rule: NumberRule = {},
): number | undefined {
  const text = stringFlag(flags, name);
  if (text === undefined) return fallback;
  if (rule.integer && rule.max === undefined) rule = { ...rule, max: MAX_INTEGER_FLAG };
  const n = parseDecimal(text);
  if (Number.isNaN(n) && text.trim() !== "" && !Number.isNaN(Number(text)))
    throw new UsageError(
      `Cannot use --${name} "${text}": expected ${describeRule(rule)} in decimal notation (digits, optional sign, point and exponent)`,
    );
  const ok =
    Number.isFinite(n) &&
    (!rule.integer || Number.isInteger(n)) &&
    (rule.min === undefined || n >= rule.min) &&
    (rule.above === undefined || n > rule.above) &&
    (rule.max === undefined || n <= rule.max) &&
    (rule.below === undefined || n < rule.below);
  if (!ok) throw new UsageError(`Cannot use --${name} "${text}": expected ${describeRule(rule)}`);
  return n;
}

function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? "an integer" : "a number";
  const bounds: string[] = [];
  if (rule.above !== undefined) bounds.push(`> ${rule.above}`);
  if (rule.min !== undefined) bounds.push(`≥ ${rule.min}`);
  if (rule.max !== undefined) bounds.push(`≤ ${rule.max}`);
  if (rule.below !== undefined) bounds.push(`< ${rule.below}`);
  return bounds.length === 0 ? kind : `${kind} ${bounds.join(" and ")}`;
}

/**
 * Reads a flag that takes one of a fixed set of values.
 * @throws {UsageError} listing the valid choices.
 */
export function choiceFlag<T extends string>(
  flags: ParsedFlags,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const text = stringFlag(flags, name);
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`Cannot use --${name} "${text}": expected one of ${choices.join(", ")}`);
  }
  return text as T;
}
