/**
 * Headless Chromium for the browser tests: Debian's `/usr/bin/chromium` driven by `playwright-core`,
 * with the project's flags, and WebGPU on SwiftShader when asked for. Developers and CI only.
 * @module
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** The Chromium the tests drive (apt package `chromium`). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags of every test browser: headless, no sandbox (containers), no network chatter or updates. */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** Flags that expose WebGPU through SwiftShader (a CPU Vulkan implementation, no GPU needed). */
export const WEBGPU_FLAGS: readonly string[] = ["--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader"];

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** Expose `navigator.gpu` with the SwiftShader adapter (default false). */
  readonly webgpu?: boolean;
}

/**
 * Launches headless Chromium with a fresh temporary profile (Playwright creates a new user-data-dir for
 * every launch and removes it on `close()`), so no test sees another's storage or cache.
 *
 * @param options Whether to enable WebGPU.
 * @returns The browser; close it in `afterAll`.
 * @throws {Error} When `/usr/bin/chromium` is missing: the browser tests fail, never skip.
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Cannot launch the test browser: ${CHROMIUM_PATH} is missing, expected Debian's chromium (apt-get install chromium)`,
    );
  }
  return await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...(options.webgpu ? WEBGPU_FLAGS : []), ...CHROMIUM_FLAGS],
  });
}
