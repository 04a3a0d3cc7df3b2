/**
 * The emitted WebAssembly module as text (wabt's `wasm2wat`), kept under review like the WGSL
 * snapshots: any change to the bytes shows up as a diff of `__snapshots__/simd_module*.wat`. The text
 * is made from the same bytes plus a `name` section, so that it shows the builder's names.
 */

import { describe, expect, it } from "vitest";
import wabt from "wabt";
import { simdModuleBytes } from "./_simd_module.ts";

async function toText(bytes: Uint8Array): Promise<string> {
  const module = (await wabt()).readWasm(bytes, { simd: true, threads: true, readDebugNames: true });
  try {
    module.applyNames(); // `local.get $i` instead of `local.get 4`
    return module.toText({ foldExprs: false, inlineExport: false });
  } finally {
    module.destroy();
  }
}

describe("emitted SIMD module", () => {
  for (const shared of [false, true]) {
    const file = `__snapshots__/simd_module${shared ? ".shared" : ""}.wat`;
    it(`${shared ? "shared-memory variant " : ""}matches ${file}`, async () => {
      const bytes = simdModuleBytes(shared);
      expect(WebAssembly.validate(bytes)).toBe(true);
      const named = simdModuleBytes(shared, true);
      expect(named.subarray(0, bytes.length), "the named module extends the emitted one").toEqual(bytes);
      await expect(await toText(named)).toMatchFileSnapshot(file);
    });
  }
});
