// The helper Worker's entry in the sources, so that `new URL("./_simd_worker.js", import.meta.url)`
// names a file that exists both here and in `dist/`, where tsc's output of `_simd_worker.ts` replaces
// this forwarder. Bundlers and Deno follow the literal URL to it.
import "./_simd_worker.ts";
