import { defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../tools/vitest/shared.ts";

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      // One browser, one server: the end-to-end files share them and must not run in parallel.
      fileParallelism: false,
    },
  }),
);
