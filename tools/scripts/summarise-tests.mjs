#!/usr/bin/env node
// Prints one summary line of passed/failed tests from a CI log (vitest and deno test output).
import { readFileSync } from "node:fs";

const [file, status] = process.argv.slice(2);
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
const text = readFileSync(file, "utf8").replace(/\x1b\[[0-9;]*m/g, "");
let passed = 0;
let failed = 0;
for (const m of text.matchAll(/^\S*\s*Tests\s+(?:(\d+) failed \| )?(\d+) passed/gm)) {
  failed += Number(m[1] ?? 0);
  passed += Number(m[2]);
}
for (const m of text.matchAll(/^\S*\s*(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/gm)) {
  passed += Number(m[1]);
  failed += Number(m[2]);
}
console.log(`CI summary: ${passed} tests passed, ${failed} failed; test command exit code ${status}`);
