import { describe, expect, it } from "vitest";
import {
  checkClassNames,
  MAX_CLASS_NAME_CHARS,
  MAX_CLASS_NAMES_BYTES,
  parseClassNames,
} from "./class_names.ts";

const FLAG = { action: "use --class-names", item: "name" };
const encode = (text: string) => new TextEncoder().encode(text);

describe("checkClassNames", () => {
  it("accepts distinct printable names of 1 to 64 characters, any script", () => {
    expect(() =>
      checkClassNames(["T-shirt/top", "Ä".repeat(MAX_CLASS_NAME_CHARS), "猫", "🐈"], FLAG),
    ).not.toThrow();
  });

  it("refuses an empty, long, unprintable or repeated name, naming its position", () => {
    const cases: [string[], string][] = [
      [["a", ""], "name 2 is empty, expected a name for every class"],
      [["a", "b".repeat(65)], "name 2 is 65 characters long, expected at most 64 characters per class name"],
      [["a\u001b[31m"], "name 1 contains the control character U+001B, expected printable class names"],
      [["a\u0085"], "name 1 contains the control character U+0085, expected printable class names"],
      [["a\u2028b"], "name 1 contains the control character U+2028, expected printable class names"],
      [["x", "y", "x"], '"x" appears twice (names 1 and 3), expected distinct class names'],
      [[], "no class names, expected at least one"],
      [
        Array.from({ length: 257 }, (_, i) => `c${i}`),
        "257 class names, expected at most 256 (one per class)",
      ],
    ];
    for (const [names, message] of cases) {
      expect(() => checkClassNames(names, FLAG)).toThrow(
        new RangeError(`Cannot use --class-names: ${message}`),
      );
    }
  });
});

describe("parseClassNames", () => {
  it("refuses a file over 64 KiB before decoding it", () => {
    const huge = encode(`${"n".repeat(600_000)}\n`.repeat(10));
    expect(() => parseClassNames(huge, "d/classes.txt")).toThrow(
      new RangeError(
        `Cannot read d/classes.txt: file is ${huge.length} bytes, expected at most ${MAX_CLASS_NAMES_BYTES} (one class name of at most 64 characters per line)`,
      ),
    );
  });

  it("applies the rules of checkClassNames to the trimmed lines, naming the line", () => {
    expect(parseClassNames(encode("\uFEFFcat \r\n dog\n"))).toEqual(["cat", "dog"]);
    expect(() => parseClassNames(encode("cat\ndog\ncat\n"), "d/classes.txt")).toThrow(
      new RangeError(
        'Cannot read d/classes.txt: "cat" appears twice (lines 1 and 3), expected distinct class names',
      ),
    );
    expect(() => parseClassNames(encode(`cat\n${"d".repeat(65)}\n`), "d/classes.txt")).toThrow(
      "Cannot read d/classes.txt: line 2 is 65 characters long, expected at most 64 characters per class name",
    );
    expect(() => parseClassNames(encode("cat\nd\u001b[31mog\n"), "d/classes.txt")).toThrow(
      "Cannot read d/classes.txt: line 2 contains the control character U+001B, expected printable class names",
    );
  });
});
