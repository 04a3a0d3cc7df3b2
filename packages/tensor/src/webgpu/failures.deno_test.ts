/**
 * Failure is clear and safe: every way of not getting a device, device loss and uncaptured errors
 * become one-line errors; `createBackend({ prefer: "auto" })` falls back to the CPU and says why;
 * a borrowed device is never destroyed. Uses the real adapter where one is needed (lavapipe in CI).
 */
import { createBackend } from "../create_backend.ts";
import { createWebGpuBackend, WebGpuUnavailableError } from "./webgpu_backend.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, got a backend");
}

function expectOneLine(
  error: Error,
  type: ErrorConstructor | typeof WebGpuUnavailableError,
  text: string,
): void {
  if (!(error instanceof type)) throw new Error(`expected ${type.name}, got ${error.name}: ${error.message}`);
  if (!error.message.includes(text)) throw new Error(`"${error.message}" does not say "${text}"`);
  if (error.message.includes("\n")) throw new Error(`"${error.message}" spans several lines`);
  if (!error.message.startsWith("Cannot "))
    throw new Error(`"${error.message}" does not start with "Cannot "`);
}

async function realDevice(): Promise<GPUDevice> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) throw new Error("No WebGPU adapter in Deno: install mesa-vulkan-drivers (lavapipe)");
  return adapter.requestDevice();
}

const nullAdapter = { requestAdapter: () => Promise.resolve(null) } as unknown as GPU;
const failingDevice = {
  requestAdapter: () =>
    Promise.resolve({
      limits: { maxStorageBufferBindingSize: 1 << 27, maxBufferSize: 1 << 28 },
      info: { vendor: "test", architecture: "", description: "", isFallbackAdapter: false },
      requestDevice: () => Promise.reject(new TypeError("requested limits\nare not supported")),
    }),
} as unknown as GPU;

Deno.test("webgpu: a null adapter is a WebGpuUnavailableError naming requestAdapter()", async () => {
  const error = await rejection(createWebGpuBackend({ gpu: nullAdapter }));
  expectOneLine(error, WebGpuUnavailableError, "requestAdapter() returned null");
});

Deno.test("webgpu: a failing requestDevice() is a one-line WebGpuUnavailableError", async () => {
  const error = await rejection(createWebGpuBackend({ gpu: failingDevice }));
  expectOneLine(
    error,
    WebGpuUnavailableError,
    'requestDevice() failed with "requested limits are not supported"',
  );
});

Deno.test("webgpu: createBackend auto falls back to the CPU and reports the reason once", async () => {
  const { backend, reason } = await createBackend({ prefer: "auto", gpu: nullAdapter });
  if (backend.kind !== "cpu") throw new Error(`expected the CPU backend, got ${backend.kind}`);
  if (!reason.startsWith("cpu (WebGPU unavailable: ") || !reason.includes("requestAdapter() returned null")) {
    throw new Error(`unexpected reason: ${reason}`);
  }
  const strict = await rejection(createBackend({ prefer: "webgpu", gpu: failingDevice }));
  expectOneLine(strict, WebGpuUnavailableError, "requestDevice() failed");
});

Deno.test({
  name: "webgpu: a borrowed device is left alone by destroy()",
  ...options,
  async fn() {
    const device = await realDevice();
    const be = await createWebGpuBackend({ device });
    const t = be.upload("f32", new Float32Array([1, 2, 3]));
    await be.read(t);
    be.destroy();
    const lost = await Promise.race([
      device.lost.then(() => "lost"),
      new Promise((r) => setTimeout(r, 50, "alive")),
    ]);
    if (lost !== "alive") throw new Error("destroy() destroyed a borrowed device");
    const again = await createWebGpuBackend({ device });
    const u = again.upload("u32", new Uint32Array([7]));
    if ((await again.read(u))[0] !== 7) throw new Error("the borrowed device stopped working");
    again.destroy();
    device.destroy();
  },
});

Deno.test({
  name: "webgpu: device loss turns every later op into a one-line error",
  ...options,
  async fn() {
    const device = await realDevice();
    const be = await createWebGpuBackend({ device });
    const t = be.zeros("f32", 4);
    device.destroy();
    await device.lost;
    await Promise.resolve();
    let thrown: Error | null = null;
    try {
      be.fill(t, 1);
    } catch (error) {
      thrown = error as Error;
    }
    if (thrown === null) throw new Error("fill after device loss did not throw");
    expectOneLine(thrown, Error, "Cannot fill tensor: the device was lost (destroyed)");
    expectOneLine(await rejection(be.read(t)), Error, "Cannot read tensor: the device was lost");
    be.destroy();
  },
});

Deno.test({
  name: "webgpu: an uncaptured validation error is reported on the next op, on one line",
  ...options,
  async fn() {
    const device = await realDevice();
    const be = await createWebGpuBackend({ device });
    const t = be.upload("f32", new Float32Array([1]));
    // MAP_READ may only be combined with COPY_DST: a validation error nobody captures.
    device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
    const error = await rejection(
      (async () => {
        for (let i = 0; i < 50; i++) {
          await be.read(t);
          await new Promise((r) => setTimeout(r, 10));
        }
      })(),
    );
    expectOneLine(error, Error, "uncaptured WebGPU");
    be.destroy();
    device.destroy();
  },
});

Deno.test({
  name: "webgpu: a tensor of another backend is a TypeError, even on the same device",
  ...options,
  async fn() {
    const device = await realDevice();
    const [one, two] = [await createWebGpuBackend({ device }), await createWebGpuBackend({ device })];
    const t = one.zeros("f32", 3);
    let thrown: unknown = null;
    try {
      two.fill(t, 1);
    } catch (error) {
      thrown = error;
    }
    if (!(thrown instanceof TypeError)) throw new Error(`expected a TypeError, got ${thrown}`);
    expectOneLine(thrown, TypeError, "Cannot fill tensor: the tensor belongs to another backend");
    one.destroy();
    two.destroy();
    device.destroy();
  },
});
