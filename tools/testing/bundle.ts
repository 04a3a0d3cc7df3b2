/**
 * Bundles a test page's entry module into one ES module string with Vite, to inject into a headless
 * browser page with `page.addScriptTag({ content, type: "module" })`. Developers and CI only.
 * @module
 */
import { build, defaultClientConditions } from "vite";

/**
 * Bundles `entry` and everything it imports (dynamic imports inlined) into one module.
 *
 * @param entry Absolute path of the page's entry file.
 * @returns The module's code.
 * @throws {Error} When Vite produces no chunk.
 */
export async function bundleTestPage(entry: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: "silent",
    // Workspace packages from their TypeScript sources, as under vitest (tools/vitest/shared.ts).
    resolve: { conditions: ["source", ...defaultClientConditions] },
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ["es"], fileName: "page" },
      rollupOptions: { output: { inlineDynamicImports: true } },
    },
  });
  for (const result of Array.isArray(output) ? output : [output]) {
    if ("output" in result) {
      const chunk = result.output.find((o) => o.type === "chunk");
      if (chunk?.type === "chunk") return chunk.code;
    }
  }
  throw new Error(`Cannot bundle ${entry}: Vite produced no chunk, expected one`);
}
