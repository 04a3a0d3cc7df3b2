#!/usr/bin/env node
// Makes sure the system packages the tests need are present: Debian's chromium (SwiftShader WebGPU,
// dashboard end-to-end tests), mesa-vulkan-drivers (lavapipe, WebGPU in Deno) and dataset-fashion-mnist
// (the real Fashion-MNIST files, for @mnist/idx's known-dataset tests). Installs them with
// apt when running as root; otherwise says exactly what to install. Developers and CI only.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const needs = [
  { pkg: "chromium", present: () => existsSync("/usr/bin/chromium") },
  {
    pkg: "mesa-vulkan-drivers",
    present: () =>
      existsSync("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json") ||
      existsSync("/usr/share/vulkan/icd.d/lvp_icd.json"),
  },
  { pkg: "dataset-fashion-mnist", present: () => existsSync("/usr/share/datasets/fashion-mnist") },
];
const missing = needs.filter((n) => !n.present()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);
if (process.getuid?.() !== 0) {
  console.error(
    `Cannot run the tests: missing system packages ${missing.join(", ")}; install them with: sudo apt-get install -y ${missing.join(" ")}`,
  );
  process.exit(1);
}
console.error(`Installing system packages for the tests: ${missing.join(", ")}`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execSync("apt-get update -qq", { stdio: "inherit", env });
execSync(`apt-get install -y -qq ${missing.join(" ")}`, { stdio: "inherit", env });
