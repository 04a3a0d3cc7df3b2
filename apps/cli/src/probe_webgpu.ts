/**
 * Prints which WebGPU adapter exists, as the JSON of an `AdapterProbe`, and exits. The launcher runs
 * this in its own short-lived process (granted nothing) so that the driver it loads is gone before
 * the CLI starts; see `launcher.ts`.
 * @module
 */
import { probeAdapter } from "@mnist/tensor";

if (import.meta.main) console.log(JSON.stringify(await probeAdapter()));
