/**
 * The vitest configuration of every workspace package: each package's `test` script runs
 * `vitest run --config ../../tools/vitest/shared.ts` (the root stays the package directory), and a
 * package that needs more extends {@link sharedConfig} in its own `vitest.config.ts`. Workspace
 * packages resolve to their TypeScript sources (the `source` export condition).
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

export default sharedConfig;
