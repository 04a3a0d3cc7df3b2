// Numeric flags: decimal notation only, and integer flags within their bounds.
import { check } from "./_test_helpers.ts";
import { MAX_EPOCHS, MAX_INTEGER_FLAG, numberFlag, parseFlags } from "./flags.ts";
import { parseSweepValues } from "./sweep_flags.ts";
import { UsageError } from "./usage_error.ts";

const SPEC = { lr: { type: "string" }, epochs: { type: "string" }, limit: { type: "string" } } as const;

function refused(name: string, text: string, rule: Parameters<typeof numberFlag>[3]): string {
  try {
    numberFlag(parseFlags("train", [`--${name}`, text], SPEC), name, undefined, rule);
  } catch (error) {
    check(error instanceof UsageError && !error.message.includes("\n"), `one-line UsageError: ${error}`);
    return (error as Error).message;
  }
  throw new Error(`--${name} ${text} was accepted`);
}

Deno.test("numeric flags take decimal notation only", () => {
  const read = (text: string) =>
    numberFlag(parseFlags("train", ["--lr", text], SPEC), "lr", undefined, { above: 0 });
  for (const [text, value] of [
    ["0.05", 0.05],
    ["1e-3", 0.001],
    [".5", 0.5],
    ["+2", 2],
    ["3.", 3],
    ["1E2", 100],
  ] as const)
    check(read(text) === value, `${text} → ${read(text)}`);
  for (const text of ["0x10", "0b1", "0o7", "Infinity", "1_000", "1e", "0x"]) {
    const message = refused("lr", text, { above: 0 });
    check(message.startsWith(`Cannot use --lr "${text}": expected a number > 0`), message);
  }
  check(refused("lr", "0x10", { above: 0 }).includes("decimal notation"), "says decimal");
  check(
    /is not a number, expected a finite number in decimal notation/.test(sweepRefusal("0.1,0x10")),
    "sweep list",
  );
  check(/COUNT is "0x4"/.test(sweepRefusal("lin:0.1..1:0x4")), "sweep count");
});

function sweepRefusal(text: string): string {
  try {
    parseSweepValues("lr", text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`--lr ${text} was accepted`);
}

Deno.test("integer flags are capped: --epochs at 1,000,000, others at 2^32 − 1", () => {
  const rule = { integer: true, min: 1, max: MAX_EPOCHS };
  check(MAX_EPOCHS === 1_000_000 && MAX_INTEGER_FLAG === 4294967295, "the caps");
  check(
    numberFlag(parseFlags("train", ["--epochs", "1000000"], SPEC), "epochs", undefined, rule) === 1e6,
    "at the cap",
  );
  for (const text of ["1000001", "99999999999999999999"])
    check(
      refused("epochs", text, rule) ===
        `Cannot use --epochs "${text}": expected an integer ≥ 1 and ≤ 1000000`,
      refused("epochs", text, rule),
    );
  check(/≤ 4294967295$/.test(refused("limit", "1e10", { integer: true, min: 1 })), "limit capped");
});
