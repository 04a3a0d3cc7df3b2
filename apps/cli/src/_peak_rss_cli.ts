// The CLI for the hostile-input suite's memory measurements: runs `mnist` in this process, then
// prints its peak resident set (VmHWM, which only grows) as a last stderr line. Deno lets only
// --allow-all read /proc/self, so the suite starts this test-only entry point with it.
import { main } from "./cli.ts";

const code = await main(Deno.args);
const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
console.error(`peak-rss ${m ? Number(m[1]) * 1024 : 0}`);
Deno.exit(code);
