import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset URLs, so the build works from any static server and any sub-path.
  base: "./",
  resolve: { conditions: ["source"] },
  build: { target: "es2022", outDir: "dist" },
});
