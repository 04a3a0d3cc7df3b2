// Test helper (excluded from the build): a device that counts what the backend asks of it.
import { createWebGpuBackend, type WebGpuBackend } from "./webgpu_backend.ts";

/** Dispatches recorded and submits made. */
export interface Counts {
  dispatches: number;
  submits: number;
}

/** Calls a real WebGPU object's method with the real object as `this` (Deno checks internal slots). */
function forward<T extends object>(target: T, key: string | symbol): unknown {
  const value = Reflect.get(target, key);
  return typeof value === "function" ? value.bind(target) : value;
}

/** A device whose compute passes count dispatches and whose queue counts submits. */
export function countingDevice(device: GPUDevice, counts: Counts): GPUDevice {
  const queue = new Proxy(device.queue, {
    get(target, key) {
      if (key === "submit") {
        return (buffers: GPUCommandBuffer[]) => {
          counts.submits++;
          target.submit(buffers);
        };
      }
      return forward(target, key);
    },
  });
  const pass = (real: GPUComputePassEncoder) =>
    new Proxy(real, {
      get(target, key) {
        if (key === "dispatchWorkgroups") {
          return (x: number, y?: number, z?: number) => {
            counts.dispatches++;
            target.dispatchWorkgroups(x, y, z);
          };
        }
        return forward(target, key);
      },
    });
  const encoder = (real: GPUCommandEncoder) =>
    new Proxy(real, {
      get(target, key) {
        if (key === "beginComputePass")
          return (d?: GPUComputePassDescriptor) => pass(target.beginComputePass(d));
        return forward(target, key);
      },
    });
  return new Proxy(device, {
    get(target, key) {
      if (key === "queue") return queue;
      if (key === "createCommandEncoder")
        return (d?: GPUCommandEncoderDescriptor) => encoder(target.createCommandEncoder(d));
      return forward(target, key);
    },
  });
}

export async function counted(
  fused: boolean,
): Promise<{ be: WebGpuBackend; counts: Counts; device: GPUDevice }> {
  const owner = await createWebGpuBackend().catch((error: Error) => {
    throw new Error(`No WebGPU adapter in Deno (install mesa-vulkan-drivers): ${error.message}`);
  });
  const counts = { dispatches: 0, submits: 0 };
  const be = await createWebGpuBackend({ device: countingDevice(owner.device, counts), fused });
  return { be, counts, device: owner.device };
}
