/**
 * Shared vitest configuration: every package extends it so that workspace packages
 * resolve to their TypeScript sources (the `source` export condition) and tests
 * run the same way everywhere.
 */
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

export const sharedConfig = defineConfig({
  resolve: { conditions: ["source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["source", ...defaultServerConditions] } },
  test: {
    include: ["src/**/*_test.ts", "test/**/*_test.ts"],
    exclude: ["**/*.deno_test.ts", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
